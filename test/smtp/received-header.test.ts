import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatRfc5322Date } from '../../src/mime/index.ts';
import { receivedHeader, transmissionType, type ReceivedFields } from '../../src/smtp/received-header.ts';

const base: ReceivedFields = {
  helo: 'client.example',
  esmtp: true,
  address: '192.0.2.1',
  hostname: 'mx.example.test',
  tls: null,
  authenticated: false,
  smtputf8: false,
  id: 'abc123-1',
  recipients: ['user@example.test'],
  date: new Date('2024-01-02T10:00:00Z'),
};

test('writes a Received header with from, by, with, id, for and the date, folded under 78 columns', () => {
  assert.equal(
    receivedHeader(base),
    'Received: from client.example ([192.0.2.1]) by mx.example.test (Mailstead)\r\n' +
      '\twith ESMTP id abc123-1 for <user@example.test>;\r\n' +
      '\tTue, 2 Jan 2024 10:00:00 +0000\r\n',
  );
});

test('names TLS like Postfix and says ESMTPS', () => {
  const header = receivedHeader({ ...base, tls: { protocol: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384' } });
  assert.equal(
    header,
    'Received: from client.example ([192.0.2.1])\r\n' +
      '\t(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384)\r\n' +
      '\tby mx.example.test (Mailstead) with ESMTPS id abc123-1\r\n' +
      '\tfor <user@example.test>; Tue, 2 Jan 2024 10:00:00 +0000\r\n',
  );
});

test('leaves out for when there are several recipients', () => {
  const header = receivedHeader({ ...base, recipients: ['a@example.test', 'b@example.test'] });
  assert.ok(!header.includes('for <'));
  assert.ok(header.includes('id abc123-1; Tue, 2 Jan 2024'));
});

test('writes IPv6 client addresses as IPv6 address literals', () => {
  assert.ok(receivedHeader({ ...base, address: '2001:db8::1' }).startsWith('Received: from client.example ([IPv6:2001:db8::1])'));
});

test('replaces characters of a hostile HELO name', () => {
  const header = receivedHeader({ ...base, helo: 'evil (x); \u00e9\tname' });
  assert.ok(header.startsWith('Received: from evil??x?????name ([192.0.2.1])'), header);
});

test('keeps every line of the header under 78 columns for ordinary names', () => {
  const header = receivedHeader({ ...base, tls: { protocol: 'TLSv1.2', cipher: 'ECDHE-RSA-AES256-GCM-SHA384' }, recipients: ['someone.long@subdomain.example.test'] });
  for (const line of header.split('\r\n')) assert.ok(line.length < 78, line);
});

test('names the transmission type per RFC 3848 and RFC 6531', () => {
  const t = (esmtp: boolean, tls: boolean, authenticated: boolean, smtputf8: boolean): string =>
    transmissionType({ esmtp, tls: tls ? { protocol: 'TLSv1.3', cipher: 'X' } : null, authenticated, smtputf8 });
  assert.equal(t(false, false, false, false), 'SMTP');
  assert.equal(t(true, false, false, false), 'ESMTP');
  assert.equal(t(true, true, false, false), 'ESMTPS');
  assert.equal(t(true, false, true, false), 'ESMTPA');
  assert.equal(t(true, true, true, false), 'ESMTPSA');
  assert.equal(t(true, false, false, true), 'UTF8SMTP');
  assert.equal(t(true, true, false, true), 'UTF8SMTPS');
  assert.equal(t(true, true, true, true), 'UTF8SMTPSA');
});

test('formats dates per RFC 5322 in UTC', () => {
  assert.equal(formatRfc5322Date(new Date('2023-12-31T23:05:09Z')), 'Sun, 31 Dec 2023 23:05:09 +0000');
});
