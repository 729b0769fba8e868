// The store protocol between `mailstead cert renew` and the running server: each request is acted on
// once, by whoever claims it first; a request the CLI gave up on is never acted on later.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { abandonRenewRequest, findClaim, findRenewOutcome, RenewRequestInbox, submitRenewRequest } from '../../src/tls/acme/index.ts';
import { openMail, storeBackends, tempDir } from '../helpers/store-backends.ts';

for (const backend of storeBackends()) {
  test(`${backend.name}: numbers requests in order and lets the server claim each and answer it`, async (t) => {
    const { mail } = await openMail(t, backend, await tempDir(t));
    const inbox = new RenewRequestInbox(mail);
    assert.equal(await inbox.take(1000), undefined);
    assert.equal(await submitRenewRequest(mail, 'mx.example.test', 1000), 1);
    assert.equal(await submitRenewRequest(mail, null, 2000), 2);

    assert.deepEqual(await inbox.take(3000), { number: 1, host: 'mx.example.test', requestedAt: 1000 });
    assert.equal(await findClaim(mail, 1), 'server');
    assert.equal(await abandonRenewRequest(mail, 1, 4000), false, 'the server claimed it first');
    await inbox.finish(1, { ok: true, detail: 'renewed', notAfter: 99, finishedAt: 5000 });
    assert.deepEqual(await findRenewOutcome(mail, 1), { ok: true, detail: 'renewed', notAfter: 99, finishedAt: 5000 });

    assert.deepEqual(await inbox.take(6000), { number: 2, host: null, requestedAt: 2000 });
    assert.equal(await inbox.take(7000), undefined);
    assert.equal(await findRenewOutcome(mail, 2), undefined);
  });

  test(`${backend.name}: never acts on a request the CLI gave up on, even in a server started later`, async (t) => {
    const { mail } = await openMail(t, backend, await tempDir(t));
    const number = await submitRenewRequest(mail, null, 1000);
    assert.equal(await abandonRenewRequest(mail, number, 16_000), true);
    assert.equal(await findClaim(mail, number), 'cli');
    assert.equal(await new RenewRequestInbox(mail).take(20_000), undefined);

    const next = await submitRenewRequest(mail, null, 30_000);
    assert.equal(next, 2);
    assert.equal((await new RenewRequestInbox(mail).take(31_000))?.number, 2, 'a new server starts after the last claimed request');
  });

  test(`${backend.name}: gives each request to one server when several poll the same store`, async (t) => {
    const { mail } = await openMail(t, backend, await tempDir(t));
    for (let i = 0; i < 3; i++) await submitRenewRequest(mail, null, i);
    const nodes = [new RenewRequestInbox(mail), new RenewRequestInbox(mail)];
    const taken: number[] = [];
    for (let round = 0; round < 4; round++) {
      const results = await Promise.all(nodes.map((node) => node.take(100)));
      for (const request of results) if (request !== undefined) taken.push(request.number);
    }
    assert.deepEqual(taken.sort(), [1, 2, 3]);
  });
}
