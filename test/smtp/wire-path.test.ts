import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseEnvelopeArguments } from '../../src/smtp/wire/envelope-arguments.ts';
import { parseParameters } from '../../src/smtp/wire/parameters.ts';
import { formatMailbox, mailboxIsNonAscii, parsePath, type Path } from '../../src/smtp/wire/path.ts';

const mailbox = (localPart: string, domain: string): Path => ({ kind: 'mailbox', mailbox: { localPart, domain } });

const valid: Array<[string, Path]> = [
  ['<user@example.test>', mailbox('user', 'example.test')],
  ['<>', { kind: 'null' }],
  ['<Postmaster>', { kind: 'postmaster' }],
  ['<postMASTER>', { kind: 'postmaster' }],
  ['<first.last+tag@sub.example.test>', mailbox('first.last+tag', 'sub.example.test')],
  ["<!#$%&'*+-/=?^_`{|}~@example.test>", mailbox("!#$%&'*+-/=?^_`{|}~", 'example.test')],
  ['<"john doe"@example.test>', mailbox('john doe', 'example.test')],
  ['<"a\\"b\\\\c"@example.test>', mailbox('a"b\\c', 'example.test')],
  ['<"a>b"@example.test>', mailbox('a>b', 'example.test')],
  ['<""@example.test>', mailbox('', 'example.test')],
  ['<user@[192.0.2.1]>', mailbox('user', '[192.0.2.1]')],
  ['<user@[IPv6:2001:db8::1]>', mailbox('user', '[IPv6:2001:db8::1]')],
  ['<user@[IPv6:2001:db8:0:0:0:0:0:1]>', mailbox('user', '[IPv6:2001:db8:0:0:0:0:0:1]')],
  ['<user@[IPv6:::ffff:192.0.2.1]>', mailbox('user', '[IPv6:::ffff:192.0.2.1]')],
  ['<user@[x-tag:anything]>', mailbox('user', '[x-tag:anything]')],
  ['<@relay.example:user@example.test>', mailbox('user', 'example.test')],
  ['<@one.example,@two.example:user@example.test>', mailbox('user', 'example.test')],
  ['<jörg@bücher.example>', mailbox('jörg', 'bücher.example')],
  ['<user@EXAMPLE.test>', mailbox('user', 'EXAMPLE.test')],
  ['<u@1.example>', mailbox('u', '1.example')],
  ['<u@a-b.example>', mailbox('u', 'a-b.example')],
];

for (const [text, expected] of valid) {
  test(`parses the path ${text}`, () => {
    assert.deepEqual(parsePath(text, 0), { ok: true, path: expected, end: text.length });
  });
}

const invalid = [
  'user@example.test',
  '<user@example.test',
  '<user>',
  '<@example.test>',
  '<user@>',
  '<.user@example.test>',
  '<user.@example.test>',
  '<us..er@example.test>',
  '<us er@example.test>',
  '<user@-example.test>',
  '<user@example-.test>',
  '<user@example..test>',
  '<user@example.test.>',
  '<user@exa_mple.test>',
  '<"unterminated@example.test>',
  '<"bad\\\x01"@example.test>',
  '<user@[192.0.2.256]>',
  '<user@[192.0.2]>',
  '<user@[IPv6:2001:db8::1::2]>',
  '<user@[IPv6:1:2:3:4:5:6:7::]>',
  '<user@[IPv6:12345::1]>',
  '<user@[192.0.2.1>',
  '<user@[]>',
  '<@relay.example,user@example.test>',
  '<@relay.example user@example.test>',
  `<user@${'a'.repeat(64)}.example>`,
  `<user@${Array.from({ length: 70 }, () => 'abc').join('.')}>`,
  '<user@example.test>>',
];

for (const text of invalid) {
  test(`refuses the path ${JSON.stringify(text)}`, () => {
    const result = parsePath(text, 0);
    assert.ok(!result.ok || result.end !== text.length, `parsed as ${JSON.stringify(result)}`);
  });
}

test('formats a local part that is not a dot-string with quotes and backslashes', () => {
  assert.equal(formatMailbox({ localPart: 'john doe', domain: 'example.test' }), '"john doe"@example.test');
  assert.equal(formatMailbox({ localPart: 'a"b\\c', domain: 'example.test' }), '"a\\"b\\\\c"@example.test');
  assert.equal(formatMailbox({ localPart: 'john', domain: 'example.test' }), 'john@example.test');
  assert.equal(formatMailbox({ localPart: '', domain: 'example.test' }), '""@example.test');
});

test('tells non-ASCII mailboxes apart', () => {
  assert.equal(mailboxIsNonAscii({ localPart: 'jörg', domain: 'example.test' }), true);
  assert.equal(mailboxIsNonAscii({ localPart: 'user', domain: 'bücher.example' }), true);
  assert.equal(mailboxIsNonAscii({ localPart: 'user', domain: 'example.test' }), false);
});

test('parses ESMTP parameters with and without values', () => {
  assert.deepEqual(parseParameters('SIZE=1000 body=8BITMIME SMTPUTF8'), {
    ok: true,
    parameters: [
      { keyword: 'SIZE', value: '1000' },
      { keyword: 'BODY', value: '8BITMIME' },
      { keyword: 'SMTPUTF8', value: null },
    ],
  });
  assert.deepEqual(parseParameters(''), { ok: true, parameters: [] });
});

test('refuses malformed and repeated ESMTP parameters', () => {
  assert.deepEqual(parseParameters('SIZE=1 SIZE=2'), { ok: false, error: 'duplicate' });
  assert.deepEqual(parseParameters('-SIZE=1'), { ok: false, error: 'syntax' });
  assert.deepEqual(parseParameters('SIZE='), { ok: false, error: 'syntax' });
  assert.deepEqual(parseParameters('SIZE=a=b'), { ok: false, error: 'syntax' });
  assert.deepEqual(parseParameters('X_Y=1'), { ok: false, error: 'syntax' });
});

test('splits MAIL arguments into path and parameters', () => {
  assert.deepEqual(parseEnvelopeArguments('FROM:<a@b.example> SIZE=5', 'FROM'), {
    ok: true,
    path: mailbox('a', 'b.example'),
    parameters: [{ keyword: 'SIZE', value: '5' }],
  });
  assert.deepEqual(parseEnvelopeArguments('from: <a@b.example>', 'FROM'), { ok: true, path: mailbox('a', 'b.example'), parameters: [] });
  assert.deepEqual(parseEnvelopeArguments('TO:<a@b.example>', 'FROM'), { ok: false, error: 'prefix' });
  assert.deepEqual(parseEnvelopeArguments('FROM:a@b.example', 'FROM'), { ok: false, error: 'path' });
  assert.deepEqual(parseEnvelopeArguments('FROM:<a@b.example>SIZE=5', 'FROM'), { ok: false, error: 'path' });
  assert.deepEqual(parseEnvelopeArguments('FROM:<a@b.example> SIZE==5', 'FROM'), { ok: false, error: 'parameters' });
});
