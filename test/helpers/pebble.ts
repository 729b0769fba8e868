// Debian's `pebble` ACME test server (RFC 8555), started per test on free 127.0.0.1 ports: its HTTPS
// certificate is made here by a test CA (pass `caFile` as `[acme] ca_file`), it resolves names through
// the test DNS server (`-dnsserver`), validates HTTP-01 on `httpPort` and TLS-ALPN-01 on `tlsPort`
// (our http/https listeners), never sleeps between validations and never rejects a good nonce.
// The issuing root is new at every start: `rootPem()` fetches it from the management interface.
import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { get } from 'node:https';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import forge from 'node-forge';
import { toolSkip } from './tools.ts';

export interface Pebble {
  /** `https://127.0.0.1:PORT/dir` */
  readonly directoryUrl: string;
  /** PEM file of the CA that signed pebble's HTTPS certificate (for `[acme] ca_file`). */
  readonly caFile: string;
  readonly caPem: string;
  /** Every line pebble printed so far. */
  readonly output: string[];
  /** The root that issued the certificates of this run (management interface `/roots/0`). */
  rootPem(): Promise<string>;
  /** Kills pebble (SIGTERM, then SIGKILL) and waits for it to exit. */
  stop(): Promise<void>;
}

export interface PebbleOptions {
  /** A directory for pebble's config and certificate files. */
  readonly dir: string;
  /** Where pebble sends HTTP-01 validation requests (our http listener). */
  readonly httpPort: number;
  /** Where pebble makes TLS-ALPN-01 validation handshakes (our https listener). */
  readonly tlsPort: number;
  /** "127.0.0.1:PORT" of the test DNS server. */
  readonly dnsServer: string;
}

/** A skip reason when pebble is missing on a developer machine; in CI a missing pebble throws. */
export function pebbleSkip(): string | false {
  return toolSkip('pebble');
}

/** A port free on 127.0.0.1 right now (for servers that must be told their port before they start). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no TCP port');
  return address.port;
}

function forgeKeys(): { privateKey: forge.pki.rsa.PrivateKey; publicKey: forge.pki.rsa.PublicKey } {
  // node:crypto makes the key fast; forge signs with it.
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
  const key = forge.pki.privateKeyFromPem(privateKey);
  return { privateKey: key, publicKey: forge.pki.setRsaPublicKey(key.n, key.e) };
}

function certificate(subject: string, publicKey: forge.pki.PublicKey, serial: string, days: number): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = serial;
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + days * 86_400_000);
  cert.setSubject([{ name: 'commonName', value: subject }]);
  return cert;
}

/** A test CA and, signed by it, a certificate for 127.0.0.1 and localhost (pebble's HTTPS). */
export function createPebbleTlsFiles(): { caPem: string; certPem: string; keyPem: string } {
  const caKeys = forgeKeys();
  const ca = certificate('Mailstead test CA for pebble', caKeys.publicKey, '01', 2);
  ca.setIssuer(ca.subject.attributes);
  ca.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
  ]);
  ca.sign(caKeys.privateKey, forge.md.sha256.create());
  const leafKeys = forgeKeys();
  const leaf = certificate('localhost', leafKeys.publicKey, '02', 2);
  leaf.setIssuer(ca.subject.attributes);
  leaf.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }] },
  ]);
  leaf.sign(caKeys.privateKey, forge.md.sha256.create());
  return { caPem: forge.pki.certificateToPem(ca), certPem: forge.pki.certificateToPem(leaf), keyPem: forge.pki.privateKeyToPem(leafKeys.privateKey) };
}

function httpsText(url: string, ca: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = get(url, { ca, timeout: 5000 }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => (response.statusCode === 200 ? resolve(body) : reject(new Error(`${url}: HTTP ${response.statusCode}`))));
    });
    request.on('timeout', () => request.destroy(new Error(`${url}: timed out`)));
    request.on('error', reject);
  });
}

function waitForExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

export async function startPebble(options: PebbleOptions): Promise<Pebble> {
  const [acmePort, managementPort] = [await freePort(), await freePort()];
  const files = createPebbleTlsFiles();
  const caFile = join(options.dir, 'pebble-ca.pem');
  await writeFile(caFile, files.caPem);
  await writeFile(join(options.dir, 'pebble-cert.pem'), files.certPem);
  await writeFile(join(options.dir, 'pebble-key.pem'), files.keyPem, { mode: 0o600 });
  const config = {
    pebble: {
      listenAddress: `127.0.0.1:${acmePort}`,
      managementListenAddress: `127.0.0.1:${managementPort}`,
      certificate: join(options.dir, 'pebble-cert.pem'),
      privateKey: join(options.dir, 'pebble-key.pem'),
      httpPort: options.httpPort,
      tlsPort: options.tlsPort,
      ocspResponderURL: '',
      externalAccountBindingRequired: false,
    },
  };
  const configFile = join(options.dir, 'pebble-config.json');
  await writeFile(configFile, JSON.stringify(config));
  const child = spawn('pebble', ['-config', configFile, '-dnsserver', options.dnsServer, '-strict=false'], {
    env: { ...process.env, PEBBLE_VA_NOSLEEP: '1', PEBBLE_WFE_NONCEREJECT: '0', PEBBLE_AUTHZREUSE: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  for (const stream of [child.stdout, child.stderr]) createInterface({ input: stream }).on('line', (line) => output.push(line));
  const stop = async (): Promise<void> => {
    const exited = waitForExit(child);
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(killer);
  };
  const directoryUrl = `https://127.0.0.1:${acmePort}/dir`;
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`pebble did not start within 15s:\n${output.join('\n')}`)), 15_000);
      const check = (): void => {
        if (output.some((line) => line.includes('ACME directory available at'))) {
          clearTimeout(timer);
          resolve();
        }
      };
      for (const stream of [child.stdout, child.stderr]) stream.on('data', () => setImmediate(check));
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`pebble exited (${code}) before it listened:\n${output.join('\n')}`));
      });
      child.once('error', reject);
    });
    // Pebble prints that line just before it binds: ask until it answers.
    for (const deadline = Date.now() + 10_000; ; ) {
      const answered = await httpsText(directoryUrl, files.caPem).then(
        () => true,
        (err: unknown) => {
          if (Date.now() > deadline) throw err;
          return false;
        },
      );
      if (answered) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    directoryUrl,
    caFile,
    caPem: files.caPem,
    output,
    rootPem: () => httpsText(`https://127.0.0.1:${managementPort}/roots/0`, files.caPem),
    stop,
  };
}
