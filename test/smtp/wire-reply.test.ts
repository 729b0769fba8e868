import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as replies from '../../src/smtp/replies.ts';
import { serializeReply, smtpReply } from '../../src/smtp/wire/reply.ts';

test('serializes a one-line reply with its enhanced code', () => {
  assert.equal(serializeReply(replies.rejection['unknown-recipient']), '550 5.1.1 User unknown\r\n');
});

test('serializes a multi-line reply with hyphens on all lines but the last', () => {
  assert.equal(serializeReply(replies.ehloOk('mx.example.test', ['PIPELINING', 'SIZE 10'])), '250-mx.example.test\r\n250-PIPELINING\r\n250 SIZE 10\r\n');
});

test('repeats the enhanced code on every line of a multi-line reply', () => {
  assert.equal(serializeReply(smtpReply(550, '5.7.1', 'first', 'second')), '550-5.7.1 first\r\n550 5.7.1 second\r\n');
});

test('never lets a CR or LF inside a text end the reply early', () => {
  assert.equal(serializeReply(smtpReply(250, '2.0.0', 'a\r\n250 b')), '250 2.0.0 a  250 b\r\n');
});

test('maps every delivery verdict to its reply', () => {
  const wire = Object.fromEntries(Object.entries(replies.rejection).map(([kind, reply]) => [kind, serializeReply(reply)]));
  assert.deepEqual(wire, {
    'unknown-recipient': '550 5.1.1 User unknown\r\n',
    'relay-denied': '554 5.7.1 Relay access denied\r\n',
    'over-quota': '452 4.2.2 Mailbox full\r\n',
    'alias-loop': '550 5.4.6 Alias expansion loop\r\n',
    'too-many-hops': '554 5.4.6 Too many hops\r\n',
    'header-too-large': '552 5.3.4 Header too large\r\n',
    'message-too-large': '552 5.3.4 Message too big\r\n',
    'sender-not-owned': '553 5.7.1 Sender address rejected: not owned by user\r\n',
    'from-not-owned': '553 5.7.1 From: header address not owned by user\r\n',
    'temporary-failure': '451 4.3.0 Temporary failure, try again later\r\n',
  });
});
