import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyse } from './analyse.ts';

function message(lines: string[]): Buffer {
  return Buffer.from(lines.join('\r\n'), 'latin1');
}

test('decodes quoted-printable text with soft line breaks in the part charset', () => {
  const bytes = message(['Content-Type: text/plain; charset=iso-8859-1', 'Content-Transfer-Encoding: quoted-printable', '', 'Gr=FC=DFe aus K=', '=F6ln', '']);
  for (const size of [1, 3, bytes.length]) assert.equal(analyse(bytes, size).searchText, 'Grüße aus Köln\n');
});

test('decodes base64 text across line and chunk boundaries', () => {
  const encoded = Buffer.from('héllo wörld, a longer text to span lines', 'utf8').toString('base64');
  const bytes = message(['Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: base64', '', encoded.slice(0, 10), encoded.slice(10), '']);
  for (const size of [1, 5, bytes.length]) assert.equal(analyse(bytes, size).searchText, 'héllo wörld, a longer text to span lines');
});

test('drops HTML tags, skips non-text parts and reads an unknown charset as UTF-8', () => {
  const bytes = message([
    'Content-Type: multipart/mixed; boundary=b', '', '--b', 'Content-Type: text/html; charset=x-unknown', '', '<p>caf\xc3\xa9</p>',
    '--b', 'Content-Type: application/octet-stream', '', 'binary stuff', '--b--', '',
  ]);
  assert.equal(analyse(bytes).searchText, ' café \n');
});

test('caps the search text at the configured limit', () => {
  const bytes = message(['', 'a'.repeat(5000), '']);
  assert.equal(analyse(bytes, 100, { maxHeaderSize: 1024, searchTextLimit: 1000 }).searchText, 'a'.repeat(1000));
});

test('collects the header fields of the message, its MIME parts and encapsulated messages, encoded words decoded, apart from the body text', () => {
  const bytes = message([
    'Subject: =?iso-8859-1?q?Gr=FC=DFe?=', 'X-Mailer: Frobnicator 7', 'Content-Type: multipart/mixed; boundary=b', '',
    '--b', 'Content-Type: text/plain', 'Content-Description: wombat notes', '', 'body words',
    '--b', 'Content-Type: message/rfc822', '', 'Subject: inner', '', 'inner body',
    '--b--', '',
  ]);
  for (const size of [1, 7, bytes.length]) {
    const analysis = analyse(bytes, size);
    assert.equal(
      analysis.headerText,
      'Subject: Grüße\nX-Mailer: Frobnicator 7\nContent-Type: multipart/mixed; boundary=b\n' +
        'Content-Type: text/plain\nContent-Description: wombat notes\nContent-Type: message/rfc822\nSubject: inner\n',
    );
    assert.equal(analysis.searchText, 'body words\n\ninner body\n');
  }
});

test('caps the header text at the configured limit', () => {
  const bytes = message(['X-Long: ' + 'h'.repeat(3000), '', 'body', '']);
  assert.equal(analyse(bytes, 100, { maxHeaderSize: 65536, headerTextLimit: 100 }).headerText, ('X-Long: ' + 'h'.repeat(3000)).slice(0, 100));
});
