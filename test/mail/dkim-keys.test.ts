import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { DkimAlgorithm, MailService } from '../../src/mail/index.ts';
import { openMail, storeBackends, tempDir } from '../helpers/store-backends.ts';

// The store keeps keys as given; these stand in for generated ones (outbound/dkim-record.ts makes real ones).
const PEM = '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIA==\n-----END PRIVATE KEY-----\n';
const PUBLIC = 'MCowBQYDK2VwAyEA';

function key(domain: string, selector: string, extra: { algorithm?: DkimAlgorithm; active?: boolean } = {}) {
  return { domain, selector, algorithm: extra.algorithm ?? 'rsa-sha256', privateKeyPem: PEM, publicKey: PUBLIC, ...(extra.active === undefined ? {} : { active: extra.active }) } as const;
}

async function selectors(mail: MailService, domain?: string): Promise<Array<[string, string, boolean]>> {
  return (await mail.listDkimKeys(domain)).map((k) => [k.domain, k.selector, k.active]);
}

for (const backend of storeBackends()) {
  describe(`${backend.name}: DKIM keys`, () => {
    test('stores a key for a local domain lowercased, active, and finds it as the active key in any case', async (t) => {
      const { mail } = await openMail(t, backend, await tempDir(t), () => 5_000);
      await mail.addDomain('example.org');
      const added = await mail.addDkimKey(key('Example.ORG', 'MS202611', { algorithm: 'ed25519-sha256' }));
      assert.deepEqual(added, {
        id: added.id,
        domain: 'example.org',
        selector: 'ms202611',
        algorithm: 'ed25519-sha256',
        privateKeyPem: PEM,
        publicKey: PUBLIC,
        active: true,
        createdAt: 5_000,
      });
      assert.deepEqual(await mail.activeDkimKey('EXAMPLE.org'), added);
      assert.deepEqual(await mail.findDkimKey('example.org', 'Ms202611'), added);
      assert.equal(await mail.activeDkimKey('other.test'), undefined);
    });

    test('a new key becomes the active one and the old one stays listed, inactive; other domains keep theirs', async (t) => {
      let now = 1_000;
      const { mail } = await openMail(t, backend, await tempDir(t), () => now);
      await mail.addDomain('example.org');
      await mail.addDomain('example.net');
      await mail.addDkimKey(key('example.org', 'ms202610'));
      await mail.addDkimKey(key('example.net', 'ms202610'));
      now = 2_000;
      await mail.addDkimKey(key('example.org', 'ms202611'));
      assert.deepEqual(await selectors(mail), [
        ['example.net', 'ms202610', true],
        ['example.org', 'ms202611', true],
        ['example.org', 'ms202610', false],
      ]);
      assert.deepEqual(await selectors(mail, 'EXAMPLE.ORG'), [
        ['example.org', 'ms202611', true],
        ['example.org', 'ms202610', false],
      ]);
      assert.equal((await mail.activeDkimKey('example.org'))?.selector, 'ms202611');
    });

    test('an inactive key can be added for rotation and activated later', async (t) => {
      const { mail } = await openMail(t, backend, await tempDir(t));
      await mail.addDomain('example.org');
      await mail.addDkimKey(key('example.org', 'old'));
      const next = await mail.addDkimKey(key('example.org', 'new', { active: false }));
      assert.equal(next.active, false);
      assert.equal((await mail.activeDkimKey('example.org'))?.selector, 'old');
      assert.equal((await mail.activateDkimKey('Example.org', 'NEW')).active, true);
      assert.equal((await mail.activeDkimKey('example.org'))?.selector, 'new');
      assert.deepEqual(await selectors(mail), [
        ['example.org', 'new', true],
        ['example.org', 'old', false],
      ]);
      await assert.rejects(mail.activateDkimKey('example.org', 'gone'), { code: 'not-found', message: 'DKIM key gone of example.org does not exist' });
    });

    test('refuses a key for a domain that is not local with not-found, and stores nothing', async (t) => {
      const { mail } = await openMail(t, backend, await tempDir(t));
      await assert.rejects(mail.addDkimKey(key('nowhere.test', 's1')), { code: 'not-found', message: 'domain nowhere.test does not exist' });
      assert.deepEqual(await mail.listDkimKeys(), []);
    });

    test('refuses a selector the domain already has with exists, and malformed input with invalid', async (t) => {
      const { mail } = await openMail(t, backend, await tempDir(t));
      await mail.addDomain('example.org');
      await mail.addDkimKey(key('example.org', 's1'));
      await assert.rejects(mail.addDkimKey(key('example.org', 'S1')), { code: 'exists', message: 'DKIM key s1 of example.org already exists' });
      for (const selector of ['', 'bad selector', '-s', 's_1', 'a..b', 'x'.repeat(64)]) {
        await assert.rejects(mail.addDkimKey(key('example.org', selector)), { code: 'invalid' }, selector);
      }
      await assert.rejects(mail.addDkimKey({ ...key('example.org', 's2'), algorithm: 'rsa-sha1' as DkimAlgorithm }), { code: 'invalid' });
      await assert.rejects(mail.addDkimKey({ ...key('example.org', 's2'), privateKeyPem: 'secret' }), { code: 'invalid' });
      await assert.rejects(mail.addDkimKey({ ...key('example.org', 's2'), publicKey: 'not base64!' }), { code: 'invalid' });
      assert.deepEqual(await selectors(mail), [['example.org', 's1', true]]);
    });

    test('accepts dotted selectors (RFC 6376 §3.1)', async (t) => {
      const { mail } = await openMail(t, backend, await tempDir(t));
      await mail.addDomain('example.org');
      assert.equal((await mail.addDkimKey(key('example.org', '2026.Eu-1'))).selector, '2026.eu-1');
    });

    test('removing the active key leaves the domain without one; an unknown key fails with not-found', async (t) => {
      const { mail } = await openMail(t, backend, await tempDir(t));
      await mail.addDomain('example.org');
      await mail.addDkimKey(key('example.org', 'old'));
      await mail.addDkimKey(key('example.org', 'new'));
      assert.equal((await mail.removeDkimKey('example.org', 'old')).active, false);
      assert.equal((await mail.removeDkimKey('example.org', 'NEW')).active, true);
      assert.equal(await mail.activeDkimKey('example.org'), undefined);
      assert.deepEqual(await mail.listDkimKeys(), []);
      await assert.rejects(mail.removeDkimKey('example.org', 'new'), { code: 'not-found', detail: { domain: 'example.org', selector: 'new' } });
      await assert.rejects(mail.removeDkimKey('nowhere.test', 'new'), { code: 'not-found', detail: { domain: 'nowhere.test' } });
    });

    test('removing a domain removes its keys', async (t) => {
      const { mail } = await openMail(t, backend, await tempDir(t));
      await mail.addDomain('example.org');
      await mail.addDomain('example.net');
      await mail.addDkimKey(key('example.org', 's1'));
      await mail.addDkimKey(key('example.net', 's1'));
      await mail.removeDomain('example.org');
      assert.deepEqual(await selectors(mail), [['example.net', 's1', true]]);
      await mail.addDomain('example.org');
      assert.equal(await mail.activeDkimKey('example.org'), undefined);
    });
  });
}
