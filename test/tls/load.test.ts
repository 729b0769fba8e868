import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import * as tls from 'node:tls';
import { X509Certificate } from 'node:crypto';
import { createSelfSignedCertificate, loadTlsProvider, TlsFileError } from '../../src/tls/index.ts';

const TLS_DEFAULTS = { cert: 'certs/server.crt', key: 'certs/server.key', min_version: 'TLSv1.2' } as const;
const dirs: string[] = [];
after(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

async function instanceDir(files: { cert?: string; key?: string }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'mailstead-tls-'));
  dirs.push(dir);
  await mkdir(join(dir, 'certs'));
  if (files.cert !== undefined) await writeFile(join(dir, 'certs/server.crt'), files.cert);
  if (files.key !== undefined) await writeFile(join(dir, 'certs/server.key'), files.key, { mode: 0o600 });
  return dir;
}

function loadError(dir: string, config: Parameters<typeof loadTlsProvider>[1] = TLS_DEFAULTS): TlsFileError {
  try {
    loadTlsProvider(dir, config);
  } catch (err) {
    assert.ok(err instanceof TlsFileError, `expected a TlsFileError, got ${String(err)}`);
    return err;
  }
  assert.fail('loadTlsProvider accepted the files');
}

/** The certificate a TLS client sees when it connects to a server using the provider's context. */
async function servedCertificate(provider: ReturnType<typeof loadTlsProvider>): Promise<string> {
  const server = tls.createServer({ minVersion: provider.minVersion, SNICallback: (_name, cb) => cb(null, provider.secureContext()) }, (s) => s.end());
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  try {
    const socket = tls.connect({ host: '127.0.0.1', port, servername: 'mx.example.test', rejectUnauthorized: false });
    await once(socket, 'secureConnect');
    const fingerprint = socket.getPeerCertificate().fingerprint256;
    socket.destroy();
    return fingerprint;
  } finally {
    server.close();
  }
}

test('loads a matching certificate and key relative to the instance directory', async () => {
  const { cert, key } = await createSelfSignedCertificate('mx.example.test');
  const dir = await instanceDir({ cert, key });
  const provider = loadTlsProvider(dir, { ...TLS_DEFAULTS, min_version: 'TLSv1.3' });
  assert.equal(provider.minVersion, 'TLSv1.3');
  assert.equal(await servedCertificate(provider), new X509Certificate(cert).fingerprint256);
});

test('names the certificate file when it is missing', async () => {
  const { key } = await createSelfSignedCertificate('mx.example.test');
  const dir = await instanceDir({ key });
  const error = loadError(dir);
  assert.equal(error.file, join(dir, 'certs/server.crt'));
  assert.equal(error.message, `${join(dir, 'certs/server.crt')}: cannot read the certificate: no such file`);
});

test('names the key file when it is missing', async () => {
  const { cert } = await createSelfSignedCertificate('mx.example.test');
  const dir = await instanceDir({ cert });
  assert.equal(loadError(dir).message, `${join(dir, 'certs/server.key')}: cannot read the private key: no such file`);
});

test('names the key file when the key belongs to another certificate', async () => {
  const { cert } = await createSelfSignedCertificate('mx.example.test');
  const { key: otherKey } = await createSelfSignedCertificate('mx.example.test');
  const dir = await instanceDir({ cert, key: otherKey });
  const error = loadError(dir);
  assert.equal(error.file, join(dir, 'certs/server.key'));
  assert.equal(error.message, `${join(dir, 'certs/server.key')}: private key does not match the certificate in ${join(dir, 'certs/server.crt')}`);
});

test('names the certificate file when it holds no PEM certificate', async () => {
  const { key } = await createSelfSignedCertificate('mx.example.test');
  const dir = await instanceDir({ cert: 'not a certificate\n', key });
  assert.equal(loadError(dir).message, `${join(dir, 'certs/server.crt')}: no PEM certificate ("-----BEGIN CERTIFICATE-----") found`);
});

test('names the key file when it holds no private key', async () => {
  const { cert } = await createSelfSignedCertificate('mx.example.test');
  const dir = await instanceDir({ cert, key: cert });
  const error = loadError(dir);
  assert.equal(error.file, join(dir, 'certs/server.key'));
  assert.ok(error.message.startsWith(`${join(dir, 'certs/server.key')}: not a usable PEM private key`), error.message);
});

test('reload serves a renewed certificate and keeps the old one when the new files are broken', async () => {
  const first = await createSelfSignedCertificate('mx.example.test');
  const dir = await instanceDir(first);
  const provider = loadTlsProvider(dir, TLS_DEFAULTS);
  const renewed = await createSelfSignedCertificate('mx.example.test');
  await writeFile(join(dir, 'certs/server.crt'), renewed.cert);
  await writeFile(join(dir, 'certs/server.key'), renewed.key);
  provider.reload();
  assert.equal(await servedCertificate(provider), new X509Certificate(renewed.cert).fingerprint256);

  await writeFile(join(dir, 'certs/server.key'), first.key);
  assert.throws(() => provider.reload(), TlsFileError);
  assert.equal(await servedCertificate(provider), new X509Certificate(renewed.cert).fingerprint256);
});
