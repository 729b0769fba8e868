import { test } from 'node:test';
import assert from 'node:assert/strict';
import { imapNString, imapString, renderBody, renderBodyStructure } from '../../src/mime/index.ts';
import { analyse } from './analyse.ts';

test('quotes 7-bit strings with escapes and sends others as literals counted in UTF-8 octets', () => {
  assert.equal(imapString('a "b" \\c'), '"a \\"b\\" \\\\c"');
  assert.equal(imapString('Grüße'), '{7}\r\nGrüße');
  assert.equal(imapString('two\r\nlines'), '{10}\r\ntwo\r\nlines');
  assert.equal(imapString('nul\0byte'), '"nulbyte"');
  assert.equal(imapNString(null), 'NIL');
});

test('renders BODY without the extension data BODYSTRUCTURE carries, also inside an encapsulated message', () => {
  const bytes = Buffer.from(['Content-Type: multipart/mixed; boundary=x', '', '--x', 'Content-Type: message/rfc822', 'Content-Language: en', '',
    'Subject: s', '', 'hi', '--x--', ''].join('\r\n'));
  const { structure } = analyse(bytes).summary;
  assert.equal(renderBody(structure),
    '(("message" "rfc822" NIL NIL NIL "7bit" 16 (NIL "s" NIL NIL NIL NIL NIL NIL NIL NIL) ("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 2 0) 2) "mixed")');
  assert.equal(renderBodyStructure(structure),
    '(("message" "rfc822" NIL NIL NIL "7bit" 16 (NIL "s" NIL NIL NIL NIL NIL NIL NIL NIL) ("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 2 0 NIL NIL NIL NIL) 2 NIL NIL ("en") NIL) "mixed" ("boundary" "x") NIL NIL NIL)');
});

test('joins RFC 2231 parameter continuations, keeping the charset-encoded form under name*', () => {
  const bytes = Buffer.from(["Content-Type: application/x-y; name*0*=utf-8''caf; name*1*=%C3%A9.txt; title*0=\"a \"; title*1=b", '', ''].join('\r\n'));
  assert.equal(renderBodyStructure(analyse(bytes).summary.structure),
    "(\"application\" \"x-y\" (\"name*\" \"utf-8''caf%C3%A9.txt\" \"title\" \"a b\") NIL NIL \"7bit\" 0 NIL NIL NIL NIL)");
});
