// Shared by the TLS tests: a `[tls]` config with the schema's defaults, instance directories in temp
// dirs, and a real handshake against a provider (node's TLS client over loopback, through acceptTls as
// the listeners use it) that reports what the client saw.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { connect, type SecureVersion } from 'node:tls';
import { configSchema, type Config } from '../../src/config/index.ts';
import { acceptTls, serverTlsContext, writeCertificate, type TlsProvider } from '../../src/tls/index.ts';
import type { IssuedCertificate } from '../helpers/test-ca.ts';

/** The `[tls]` table as the config loader makes it from `table` (defaults filled in). */
export function tlsConfig(table: Record<string, unknown> = {}): Config['tls'] {
  return configSchema.parse({ hostname: 'mx.example.test', tls: table }).tls;
}

export interface TempInstance {
  readonly dir: string;
  /** Writes `contents` to a path relative to the instance directory (creating directories). */
  write(path: string, contents: string): Promise<string>;
  /** Writes the `[tls]` default pair (certs/server.crt, certs/server.key). */
  writeDefault(certificate: IssuedCertificate, options?: { withChain?: boolean }): Promise<void>;
  /** Adds a store entry as `cert import` does. */
  store(name: string, certificate: IssuedCertificate): Promise<void>;
}

const dirs: string[] = [];

/** Removes every directory tempInstance made (for an `after` hook). */
export function removeTempInstances(): Promise<unknown> {
  return Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

export async function tempInstance(): Promise<TempInstance> {
  const dir = await mkdtemp(join(tmpdir(), 'mailstead-tls-'));
  dirs.push(dir);
  const write = async (path: string, contents: string): Promise<string> => {
    const file = join(dir, path);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, contents, { mode: 0o600 });
    return file;
  };
  return {
    dir,
    write,
    async writeDefault(certificate, options = {}) {
      await write('certs/server.crt', options.withChain === false ? certificate.cert : certificate.fullchain);
      await write('certs/server.key', certificate.key);
    },
    async store(name, certificate) {
      await writeCertificate(dir, name, { fullchainPem: certificate.fullchain, keyPem: certificate.key });
    },
  };
}

export interface HandshakeOptions {
  servername?: string;
  minVersion?: SecureVersion;
  maxVersion?: SecureVersion;
  ciphers?: string;
}

export interface Handshake {
  /** SHA-256 fingerprints of the certificates the server sent, leaf first. */
  chain: string[];
  protocol: string | null;
  cipher: string;
}

/** Serves one connection with the provider (as a listener does) and handshakes with node's TLS client. */
export async function handshake(provider: TlsProvider, options: HandshakeOptions = {}): Promise<Handshake> {
  const accepted: Socket[] = [];
  const server = createServer((socket) => {
    accepted.push(socket);
    acceptTls(socket, serverTlsContext(provider), 5000).then(
      (secure) => secure.on('error', () => {}),
      () => {},
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    return await new Promise<Handshake>((resolve, reject) => {
      const socket = connect({
        host: '127.0.0.1',
        port,
        rejectUnauthorized: false,
        ...(options.servername === undefined ? {} : { servername: options.servername }),
        ...(options.minVersion === undefined ? {} : { minVersion: options.minVersion }),
        ...(options.maxVersion === undefined ? {} : { maxVersion: options.maxVersion }),
        ...(options.ciphers === undefined ? {} : { ciphers: options.ciphers }),
      });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error('TLS handshake timed out'));
      }, 5000);
      socket.once('secureConnect', () => {
        clearTimeout(timer);
        const chain: string[] = [];
        let cert = socket.getPeerCertificate(true);
        while (cert.fingerprint256 !== undefined && !chain.includes(cert.fingerprint256)) {
          chain.push(cert.fingerprint256);
          cert = cert.issuerCertificate;
          if (cert === undefined) break;
        }
        const result = { chain, protocol: socket.getProtocol(), cipher: socket.getCipher().standardName };
        socket.destroy();
        resolve(result);
      });
      socket.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
    });
  } finally {
    for (const socket of accepted) socket.destroy();
    server.close();
  }
}
