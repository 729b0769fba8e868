import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { once, EventEmitter } from 'node:events';
import { loadTlsProvider, watchCertificates, TlsFileError } from '../../src/tls/index.ts';
import { TestCa, createTestKey } from '../helpers/test-ca.ts';
import { handshake, removeTempInstances, tempInstance, tlsConfig } from './fixture.ts';

after(removeTempInstances);
const ca = await TestCa.create();
const key = await createTestKey();

test('picks up a new store entry by itself, and reports a broken one without dropping the running set', async (t) => {
  const instance = await tempInstance();
  await instance.writeDefault(await ca.leaf({ key }));
  const provider = loadTlsProvider(instance.dir, tlsConfig());
  const events = new EventEmitter();
  const watch = watchCertificates(provider, { intervalMs: 20, onReload: () => events.emit('reload'), onError: (err) => events.emit('failure', err) });
  t.after(() => watch.stop());

  const added = await ca.leaf({ names: ['new.example.test'], key });
  const reloaded = once(events, 'reload', { signal: AbortSignal.timeout(5000) });
  await instance.store('new.example.test', added);
  await reloaded;
  assert.equal((await handshake(provider, { servername: 'new.example.test' })).chain[0], added.x509.fingerprint256);

  const failed = once(events, 'failure', { signal: AbortSignal.timeout(5000) });
  await instance.write('certs/live/new.example.test/key.pem', (await ca.leaf({ names: ['x.example.test'] })).key);
  const [err] = await failed;
  assert.ok(err instanceof TlsFileError);
  assert.equal((await handshake(provider, { servername: 'new.example.test' })).chain[0], added.x509.fingerprint256);
});

test('an interval of 0 does not watch', () => {
  let checked = false;
  const watch = watchCertificates({ reloadIfChanged: () => (checked = true) }, { intervalMs: 0, onReload() {}, onError() {} });
  watch.stop();
  assert.equal(checked, false);
});
