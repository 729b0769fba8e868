// A running server with several certificates: the default (init's self-signed one for mx.example.test)
// and store entries for imap.example.test and *.example.org. SNI picks the certificate per handshake
// on STARTTLS (SMTP, IMAP, POP3) and implicit TLS (IMAP), with real clients: node's TLS client and,
// where installed, openssl s_client.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TLSSocket, PeerCertificate, DetailedPeerCertificate } from 'node:tls';
import { writeCertificate } from '../../src/tls/index.ts';
import { createInstance, startInProcess } from '../helpers/instance.ts';
import { SmtpTestClient } from '../helpers/smtp-client.ts';
import { ImapTestClient } from '../helpers/imap-client.ts';
import { TestCa } from '../helpers/test-ca.ts';
import { toolSkip } from '../helpers/tools.ts';

const LISTENERS = [
  ['smtp', 'starttls'],
  ['imap', 'implicit'],
  ['imap', 'starttls'],
  ['pop3', 'starttls'],
]
  .map(([protocol, tls]) => `[[listeners]]\nprotocol = "${protocol}"\naddress = "127.0.0.1"\nport = 0\ntls = "${tls}"\n`)
  .join('\n');

const ca = await TestCa.create();
const imapCert = await ca.leaf({ names: ['imap.example.test'] });
const orgCert = await ca.wildcard('example.org');
const instance = await createInstance({ listeners: LISTENERS, extraConfig: '[tls]\nwatch_interval = "1s"\n' });
await writeCertificate(instance.dir, 'imap.example.test', { fullchainPem: imapCert.fullchain, keyPem: imapCert.key });
await writeCertificate(instance.dir, '*.example.org', { fullchainPem: orgCert.fullchain, keyPem: orgCert.key });
const defaultFingerprint = new X509Certificate(await readFile(join(instance.dir, 'certs/server.crt'))).fingerprint256;
const { server } = await startInProcess(instance.dir);
after(async () => {
  await server.stop();
  await instance.cleanup();
});

function portOf(protocol: string, tls: string): number {
  const listener = server.listeners.find((l) => l.protocol === protocol && l.tls === tls);
  if (!listener) throw new Error(`no ${protocol} ${tls} listener`);
  return listener.port;
}

/** Leaf first, then each certificate the server sent after it. */
function sentChain(socket: TLSSocket): string[] {
  const chain: string[] = [];
  let cert: PeerCertificate | DetailedPeerCertificate | undefined = socket.getPeerCertificate(true);
  while (cert?.fingerprint256 !== undefined && !chain.includes(cert.fingerprint256)) {
    chain.push(cert.fingerprint256);
    cert = 'issuerCertificate' in cert ? cert.issuerCertificate : undefined;
  }
  return chain;
}

async function smtpStartTls(servername?: string): Promise<string[]> {
  const client = await SmtpTestClient.connect(portOf('smtp', 'starttls'));
  try {
    await client.greetAndEhlo();
    assert.equal((await client.command('STARTTLS')).code, 220);
    await client.startTls(servername === undefined ? {} : { servername });
    return sentChain(client.encrypted!);
  } finally {
    client.close();
  }
}

async function imapImplicit(servername?: string): Promise<string[]> {
  const client = await ImapTestClient.connectTls(portOf('imap', 'implicit'), servername === undefined ? {} : { servername });
  try {
    await client.greeting();
    return sentChain(client.socket as TLSSocket);
  } finally {
    client.close();
  }
}

test('SMTP STARTTLS serves the certificate for the name the client asks for, with its chain', async () => {
  assert.deepEqual(await smtpStartTls('imap.example.test'), [imapCert.x509.fingerprint256, ca.intermediate.x509.fingerprint256]);
  assert.deepEqual(await smtpStartTls('webmail.example.org'), [orgCert.x509.fingerprint256, ca.intermediate.x509.fingerprint256]);
});

test('SMTP STARTTLS serves the default for an unknown name and for a client without SNI', async () => {
  assert.deepEqual(await smtpStartTls('unknown.example.net'), [defaultFingerprint]);
  assert.deepEqual(await smtpStartTls(), [defaultFingerprint]);
});

test('IMAP implicit TLS picks the certificate by SNI at connect', async () => {
  assert.deepEqual(await imapImplicit('imap.example.test'), [imapCert.x509.fingerprint256, ca.intermediate.x509.fingerprint256]);
  assert.deepEqual(await imapImplicit('mx.example.test'), [defaultFingerprint]);
});

test('a replaced store entry is served after a reload, and found by the server itself without one', async () => {
  const renewed = await ca.leaf({ names: ['imap.example.test'] });
  await writeCertificate(instance.dir, 'imap.example.test', { fullchainPem: renewed.fullchain, keyPem: renewed.key });
  await server.reload();
  assert.equal((await imapImplicit('imap.example.test'))[0], renewed.x509.fingerprint256);

  const added = await ca.leaf({ names: ['new.example.test'] });
  await writeCertificate(instance.dir, 'new.example.test', { fullchainPem: added.fullchain, keyPem: added.key });
  const deadline = Date.now() + 10_000;
  let served = await smtpStartTls('new.example.test');
  while (served[0] !== added.x509.fingerprint256 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    served = await smtpStartTls('new.example.test');
  }
  assert.equal(served[0], added.x509.fingerprint256, 'tls.watch_interval = "1s" found the new store entry');
});

/** `openssl s_client` with stdin at end of file: it handshakes, prints the chain and quits. */
function sClient(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('openssl', ['s_client', ...args], { stdio: ['ignore', 'pipe', 'pipe'], timeout: 15_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

for (const [protocol, listener] of [
  ['smtp', 'smtp'],
  ['imap', 'imap'],
  ['pop3', 'pop3'],
] as const) {
  test(`openssl s_client -starttls ${protocol} -servername gets the certificate for that name and its chain`, async (t) => {
    const skip = toolSkip('openssl');
    if (skip) return t.skip(skip);
    const port = portOf(listener, 'starttls');
    const r = await sClient(['-connect', `127.0.0.1:${port}`, '-starttls', protocol, '-servername', 'mail.example.org']);
    assert.match(r.stdout, /Certificate chain\n 0 s:CN ?= ?\*\.example\.org\n/, r.stdout + r.stderr);
    assert.match(r.stdout, /\n 1 s:CN ?= ?Mailstead Test Issuing CA, O ?= ?Mailstead Test\n/);
    assert.match(r.stdout, /New, TLSv1\.3, Cipher is /);
  });
}
