// Forwarding end to end over the real outbound queue (store, router, SMTP transfer to a fake MX on
// loopback, notifier): the forwarded copy leaves with the SRS sender, and the bounce the queue writes
// for it comes back through the SRS address to the original sender.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fakeMxFor } from '../helpers/fake-mx.ts';
import { queueFixture } from '../helpers/queue-fixture.ts';

const ZONE = {
  'remote.test': { mx: [{ preference: 10, exchange: 'mx1.remote.test' }] },
  'other.test': { mx: [{ preference: 10, exchange: 'mx1.remote.test' }] },
  'mx1.remote.test': { a: ['127.0.0.1'] },
};

test('forwards with the SRS sender and passes the bounce for the forwarded copy back to the original sender', async (t) => {
  const mx = await fakeMxFor(t, { script: { rcptTo: (address) => (address.startsWith('friend@') ? { code: 550, text: '5.1.1 No such user' } : null) } });
  const fx = await queueFixture(t, { mxPort: mx.port, zone: ZONE });
  await fx.mail.addAlias('team@example.test', ['bob@example.test', 'friend@remote.test']);

  const [forwarded, ...others] = await fx.submit('joerg@other.test', ['team@example.test'], 'Subject: hi\r\nFrom: joerg@other.test\r\n\r\nHello.\r\n');
  assert.equal(others.length, 0);
  assert.match(forwarded!.sender, /^SRS0=[^=]{4}=[A-Z2-7]{2}=other\.test=joerg@example\.test$/);
  assert.equal((await fx.inbox('bob@example.test')).length, 1);

  await fx.pass();
  const [first] = mx.transactions();
  assert.equal(first?.mailFrom, forwarded!.sender);
  assert.deepEqual(first?.rcptTo.map((r) => r.address), ['friend@remote.test']);
  const [bounce, ...more] = await fx.mail.listQueue();
  assert.equal(more.length, 0);
  assert.deepEqual([bounce?.recipient, bounce?.sender], ['joerg@other.test', '']);

  await fx.pass();
  const last = mx.transactions().at(-1);
  assert.equal(last?.mailFrom, '');
  assert.deepEqual(last?.rcptTo.map((r) => r.address), ['joerg@other.test']);
  assert.match(last?.body?.toString() ?? '', /Final-Recipient: rfc822; ?friend@remote\.test/);
  assert.deepEqual(await fx.mail.listQueue(), []);
});
