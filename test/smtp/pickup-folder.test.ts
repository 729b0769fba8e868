// The pickup folder delivering through the real router and store: envelope from the headers, Bcc taken
// and then removed, Return-Path vs From, CRLF and LF files, and what happens to files that cannot be
// delivered (bad/ with a .err file), are partly refused, or fail for now.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { INTERVAL_MS, message, pickupFixture } from './pickup-fixture.ts';

const deliveredTo = (prefixes: ReadonlyArray<{ prefix: string }>): string[] =>
  prefixes.map(({ prefix }) => /Delivered-To: (\S+)/.exec(prefix)?.[1] ?? '').sort();

test('delivers to local and remote recipients, takes Bcc as a recipient and removes it, then removes the file', async () => {
  const p = await pickupFixture();
  try {
    await p.drop(
      'invoice.eml',
      message(['Return-Path: <bounce@example.test>', 'From: Ann <ann@example.test>', 'To: Bob <bob@example.test>', 'Cc: carl@remote.example', 'Bcc: cid@example.test', 'Subject: invoice', '', 'Hello.']),
    );
    await p.deliverAll();
    assert.deepEqual(await p.list(), []);
    assert.equal(p.fx.deliveries.length, 1);
    const { request } = p.fx.deliveries[0]!;
    assert.equal(request.sender, 'bounce@example.test');
    assert.deepEqual(deliveredTo(request.local), ['bob@example.test', 'cid@example.test']);
    assert.deepEqual(request.remote, [{ recipient: 'carl@remote.example' }]);
    const stored = await p.stored();
    assert.match(stored, /^Received: by mx\.example\.test \(Mailstead, from pickup\) id [0-9a-f]{10};\r\n\tMon, 6 Jan 2025 10:00:01 \+0000\r\nFrom: Ann/);
    assert.doesNotMatch(stored, /^Bcc:/im);
    assert.doesNotMatch(stored, /^Return-Path:/im);
    assert.match(stored, /\r\nDate: .*\r\nMessage-ID: <[0-9a-f]+@mx\.example\.test>\r\n\r\nHello\.\r\n$/);
    const log = p.logs.find((line) => line.msg === 'pickup file delivered');
    assert.equal(log?.file, 'invoice.eml');
    assert.deepEqual(log?.recipients, ['bob@example.test', 'carl@remote.example', 'cid@example.test']);
  } finally {
    await p.close();
  }
});

test('takes the sender from From when there is no Return-Path, and a bare name gets the local domain', async () => {
  const p = await pickupFixture();
  try {
    await p.drop('cron.eml', message(['From: root (Cron Daemon)', 'To: ann', 'Subject: cron', '', 'output']));
    await p.deliverAll();
    const { request } = p.fx.deliveries[0]!;
    assert.equal(request.sender, 'root@example.test');
    assert.deepEqual(deliveredTo(request.local), ['ann@example.test']);
  } finally {
    await p.close();
  }
});

test('stores CRLF and LF files alike, with a lone "." line kept as data', async () => {
  const p = await pickupFixture();
  try {
    const lines = ['From: ann@example.test', 'To: bob@example.test', 'Subject: same', 'Date: Mon, 6 Jan 2025 09:00:00 +0000', 'Message-ID: <same@example.test>', '', 'line', '.', '..two dots', 'end'];
    await p.drop('a-crlf.eml', message(lines, '\r\n'));
    await p.deliverAll();
    await p.drop('b-lf.eml', message(lines, '\n'));
    await p.deliverAll();
    const afterReceived = (text: string) => text.slice(text.indexOf('From: '));
    const [crlf, lf] = [afterReceived(await p.stored(0)), afterReceived(await p.stored(1))];
    assert.equal(crlf, lf);
    assert.equal(crlf, `${lines.join('\r\n')}\r\n`);
    assert.equal(/(?<!\r)\n/.test(await p.stored(1)), false, 'no bare LF stored');
  } finally {
    await p.close();
  }
});

test('moves a malformed file to bad/ with a .err file that says why', async () => {
  const p = await pickupFixture();
  try {
    await p.drop('mbox.eml', message(['From ann@example.test Mon Jan  6 10:00:00 2025', 'From: ann@example.test', 'To: bob@example.test', '', 'x']));
    await p.drop('empty.eml', message(['From: ann@example.test', 'Subject: to nobody', '', 'x']));
    await p.deliverAll();
    assert.deepEqual(await p.list(), ['bad']);
    assert.deepEqual(await p.list('bad'), ['empty.eml', 'empty.eml.err', 'mbox.eml', 'mbox.eml.err']);
    assert.equal(p.fx.deliveries.length, 0);
    const err = await readFile(join(p.dir, 'bad/mbox.eml.err'), 'utf8');
    assert.equal(
      err,
      'pickup file: mbox.eml\n' +
        'moved to bad/mbox.eml at 2025-01-06T10:00:01.000Z\n' +
        'reason: malformed header section: line 1 is not a header field ("name: value"): "From ann@example.test Mon Jan  6 10:00:00 2025"\n' +
        '\nTo try again, correct the message and move it back into pickup/ under a name ending in .eml.\n',
    );
    assert.match(await readFile(join(p.dir, 'bad/empty.eml.err'), 'utf8'), /^reason: no recipients: the message has no To, Cc or Bcc address$/m);
    assert.ok(p.logs.some((line) => line.msg === 'pickup file not deliverable, moved to bad/' && line.level === 40 && line.file === 'mbox.eml'));

    // The same name again does not overwrite the first one.
    await p.drop('empty.eml', message(['From: ann@example.test', '', 'x']));
    await p.deliverAll();
    assert.deepEqual(await p.list('bad'), ['empty-20250106T100002000Z.eml', 'empty-20250106T100002000Z.eml.err', 'empty.eml', 'empty.eml.err', 'mbox.eml', 'mbox.eml.err']);
  } finally {
    await p.close();
  }
});

test('moves a file larger than smtp.max_message_size to bad/ without reading it', async () => {
  const p = await pickupFixture({ maxMessageSize: 1000 });
  try {
    await p.drop('big.eml', message(['From: ann@example.test', 'To: bob@example.test', '', 'x'.repeat(2000)]));
    await p.deliverAll();
    assert.deepEqual(await p.list('bad'), ['big.eml', 'big.eml.err']);
    assert.match(await readFile(join(p.dir, 'bad/big.eml.err'), 'utf8'), /^reason: the file is larger than smtp\.max_message_size \(2046 > 1000 octets\)$/m);
  } finally {
    await p.close();
  }
});

test('delivers to the accepted recipients when others are refused, and logs the refused ones at warn', async () => {
  const p = await pickupFixture();
  try {
    await p.drop('partial.eml', message(['From: ann@example.test', 'To: bob@example.test, nobody@example.test', '', 'x']));
    await p.deliverAll();
    assert.deepEqual(await p.list(), []);
    assert.deepEqual(deliveredTo(p.fx.deliveries[0]!.request.local), ['bob@example.test']);
    const warn = p.logs.find((line) => line.msg === 'pickup file: some recipients were refused');
    assert.equal(warn?.level, 40);
    assert.deepEqual(warn?.refused, [{ address: 'nobody@example.test', reason: '550 5.1.1 User unknown', temporary: false }]);
  } finally {
    await p.close();
  }
});

test('moves a file whose every recipient is refused permanently to bad/, naming them', async () => {
  const p = await pickupFixture();
  try {
    await p.drop('lost.eml', message(['From: ann@example.test', 'To: nobody@example.test, ghost@example.test', '', 'x']));
    await p.deliverAll();
    assert.deepEqual(await p.list('bad'), ['lost.eml', 'lost.eml.err']);
    const err = await readFile(join(p.dir, 'bad/lost.eml.err'), 'utf8');
    assert.match(err, /^reason: every recipient was refused\nrefused recipients:\n {2}nobody@example\.test: 550 5\.1\.1 User unknown\n {2}ghost@example\.test: 550 5\.1\.1 User unknown\n/m);
  } finally {
    await p.close();
  }
});

test('leaves the file in place on a temporary failure and tries again after the interval, backing off', async () => {
  const p = await pickupFixture();
  try {
    await p.drop('later.eml', message(['From: ann@example.test', 'To: bob@example.test', '', 'x']));
    p.fx.failNext.add('deliver');
    await p.deliverAll();
    assert.deepEqual(await p.list(), ['later.eml']);
    assert.equal(p.fx.deliveries.length, 0);
    const warn = p.logs.find((line) => line.msg === 'pickup file not delivered, trying again later');
    assert.equal(warn?.reason, 'the message was refused: 451 4.3.0 Temporary failure, try again later');
    // Not again before the interval has passed; after a second failure not before twice the interval.
    await p.pickup.scan();
    assert.deepEqual(await p.list(), ['later.eml']);
    p.fx.failNext.add('deliver');
    p.advance(INTERVAL_MS);
    await p.pickup.scan();
    assert.equal(p.logs.filter((line) => line.msg === 'pickup file not delivered, trying again later').length, 2);
    p.advance(2 * INTERVAL_MS - 1);
    await p.pickup.scan();
    assert.deepEqual(await p.list(), ['later.eml']);
    p.advance(1);
    await p.pickup.scan();
    assert.deepEqual(await p.list(), []);
    assert.equal(p.fx.deliveries.length, 1);
  } finally {
    await p.close();
  }
});

test('honours leading X-Sender and X-Receiver fields as .NET SmtpClient writes them, and removes them', async () => {
  const p = await pickupFixture();
  try {
    await p.drop(
      'dotnet.eml',
      message(['X-Sender: app@example.test', 'X-Receiver: bob@example.test', 'X-Receiver: cid@example.test', 'MIME-Version: 1.0', 'From: Ann <ann@example.test>', 'To: bob@example.test', '', 'x'], '\r\n'),
    );
    await p.deliverAll();
    const { request } = p.fx.deliveries[0]!;
    assert.equal(request.sender, 'app@example.test');
    assert.deepEqual(deliveredTo(request.local), ['bob@example.test', 'cid@example.test']);
    assert.doesNotMatch(await p.stored(), /^X-(Sender|Receiver):/im);
  } finally {
    await p.close();
  }
});
