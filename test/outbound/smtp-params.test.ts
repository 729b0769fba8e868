import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { NO_EXTENSIONS, type ServerExtensions } from '../../src/outbound/smtp-extensions.ts';
import { utf8AddrXtext, xtext } from '../../src/mime/index.ts';
import { isSafePath, mailFromLine, needsSmtpUtf8, orcptValue, rcptToLine, transactionParameters } from '../../src/outbound/smtp-params.ts';
import type { OutboundMessage } from '../../src/outbound/transfer-types.ts';

const ALL: ServerExtensions = { ...NO_EXTENSIONS, pipelining: true, eightBitMime: true, smtpUtf8: true, dsn: true, size: 1000 };

function msg(overrides: Partial<OutboundMessage> = {}): OutboundMessage {
  return { id: 'm', sender: 's@local.test', recipients: [{ address: 'r@remote.test' }], open: () => Readable.from([]), ...overrides };
}

test('encodes xtext (RFC 3461 §4)', () => {
  assert.equal(xtext('abc+def=x y'), 'abc+2Bdef+3Dx+20y');
  assert.equal(xtext('\u00e9'), '+C3+A9');
});

test('encodes ORCPT, switching a non-ASCII rfc822 address to utf-8-addr-xtext (RFC 6533 §3)', () => {
  assert.equal(orcptValue({ type: 'rfc822', address: 'a+b@example.test' }), 'rfc822;a+2Bb@example.test');
  assert.equal(orcptValue({ type: 'rfc822', address: 'j\u00f6rg@example.test' }), 'utf-8;j\\x{F6}rg@example.test');
  assert.equal(utf8AddrXtext('a+b\\c=d'), 'a\\x{2B}b\\x{5C}c\\x{3D}d');
});

test('builds MAIL FROM with the parameters the server offers and the message needs', () => {
  const message = msg({ size: 512, eightBit: true, ret: 'HDRS', envid: 'id 1' });
  assert.equal(mailFromLine(message, ALL, transactionParameters(message, ALL)), 'MAIL FROM:<s@local.test> SIZE=512 BODY=8BITMIME RET=HDRS ENVID=id+201');
  assert.equal(mailFromLine(message, NO_EXTENSIONS, transactionParameters(message, NO_EXTENSIONS)), 'MAIL FROM:<s@local.test>');
  const utf8 = msg({ smtpUtf8: true });
  assert.equal(mailFromLine(utf8, ALL, transactionParameters(utf8, ALL)), 'MAIL FROM:<s@local.test> BODY=8BITMIME SMTPUTF8');
});

test('builds RCPT TO with NOTIFY and ORCPT only when DSN is offered', () => {
  const recipient = { address: 'r@remote.test', notify: ['SUCCESS', 'DELAY'] as const, orcpt: { type: 'rfc822', address: 'o@local.test' } };
  const message = msg({ recipients: [recipient] });
  assert.equal(rcptToLine(recipient, transactionParameters(message, ALL)), 'RCPT TO:<r@remote.test> NOTIFY=SUCCESS,DELAY ORCPT=rfc822;o@local.test');
  assert.equal(rcptToLine(recipient, transactionParameters(message, NO_EXTENSIONS)), 'RCPT TO:<r@remote.test>');
});

test('finds out whether SMTPUTF8 is needed', () => {
  assert.equal(needsSmtpUtf8(msg()), false);
  assert.equal(needsSmtpUtf8(msg({ sender: '\u00fc@local.test' })), true);
  assert.equal(needsSmtpUtf8(msg({ recipients: [{ address: 'a@remote.test' }, { address: '\u00fc@remote.test' }] })), true);
  assert.equal(needsSmtpUtf8(msg({ smtpUtf8: true })), true);
});

test('refuses paths that could end the command early', () => {
  assert.equal(isSafePath('a@b.test'), true);
  assert.equal(isSafePath(''), true);
  for (const bad of ['a@b.test>', '<a@b.test', 'a@b.test\r\nRSET', 'a b@c.test', 'a@b.test\u0000']) assert.equal(isSafePath(bad), false, JSON.stringify(bad));
});
