// The certificate store on disk: every certificate the server may present, besides the `[tls]` default
// pair, lives in `certs/live/<name>/` of the instance directory as `fullchain.pem` (leaf first, then its
// chain, RFC 8446 §4.4.2) and `key.pem` (PKCS#8, mode 0600). `mailstead cert import` and ACME write
// here; the TLS provider reads every entry and picks one per handshake by SNI.
//
// Writes are atomic per file and ordered key first, then certificate (util/durable-file.ts): a reader
// that sees the new certificate also sees its key.
import { readdirSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { writeFileDurably } from '../util/durable-file.ts';
import { join } from 'node:path';

export const LIVE_DIR = 'certs/live';
export const FULLCHAIN_FILE = 'fullchain.pem';
export const KEY_FILE = 'key.pem';
/** A wildcard's `*` in a directory name. */
const WILDCARD_DIR = '_wildcard_';

/** A store entry's name: what `cert list` shows, usually the first host name. */
export function isValidCertName(name: string): boolean {
  return /^[A-Za-z0-9*][A-Za-z0-9.*_-]{0,252}$/.test(name) && !name.includes('..');
}

/** Where an entry lives, relative to the instance directory. */
export function certPaths(name: string): { dir: string; fullchain: string; key: string } {
  const dir = join(LIVE_DIR, name.replace(/\*/g, WILDCARD_DIR));
  return { dir, fullchain: join(dir, FULLCHAIN_FILE), key: join(dir, KEY_FILE) };
}

/** Stores (or replaces) an entry: `fullchainPem` is the leaf followed by its intermediates. */
export async function writeCertificate(instanceDir: string, name: string, pems: { fullchainPem: string; keyPem: string }): Promise<{ fullchain: string; key: string }> {
  if (!isValidCertName(name)) throw new Error(`not a certificate name: ${JSON.stringify(name)}`);
  const paths = certPaths(name);
  await mkdir(join(instanceDir, paths.dir), { recursive: true, mode: 0o700 });
  await writeFileDurably(join(instanceDir, paths.key), pems.keyPem, 0o600);
  await writeFileDurably(join(instanceDir, paths.fullchain), pems.fullchainPem, 0o644);
  return paths;
}

/**
 * The entries present, by name: the directories under certs/live that hold both files, sorted, with
 * a wildcard's directory (`_wildcard_.example.com`) named as the wildcard (`*.example.com`).
 * Synchronous, for the TLS provider's (re)load; `listCertificateEntries` is the same for async callers.
 */
export function listCertificateEntriesSync(instanceDir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(join(instanceDir, LIVE_DIR));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const out: string[] = [];
  for (const name of names.sort()) {
    let files: string[];
    try {
      files = readdirSync(join(instanceDir, LIVE_DIR, name));
    } catch {
      continue;
    }
    if (files.includes(FULLCHAIN_FILE) && files.includes(KEY_FILE)) out.push(name.replaceAll(WILDCARD_DIR, '*'));
  }
  return out;
}

export async function listCertificateEntries(instanceDir: string): Promise<string[]> {
  return listCertificateEntriesSync(instanceDir);
}

export async function removeCertificate(instanceDir: string, name: string): Promise<void> {
  await rm(join(instanceDir, certPaths(name).dir), { recursive: true, force: true });
}
