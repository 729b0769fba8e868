// Which CA issued each ACME certificate (`certs/acme/issued.json`: store entry name → directory URL),
// so that changing `[acme] directory_url` — from Let's Encrypt staging to production, typically —
// replaces the certificate at the next start instead of when the old one expires.
import { join } from 'node:path';
import { ACME_DIR, readAcmeJson, writeAcmeFile } from './files.ts';

export const ISSUED_FILE = join(ACME_DIR, 'issued.json');

/** The directory URL that issued the entry `name`, when ACME wrote it. */
export async function findIssuingDirectory(instanceDir: string, name: string): Promise<string | undefined> {
  const directoryUrl = (await readAcmeJson(instanceDir, ISSUED_FILE))[name]?.directoryUrl;
  return typeof directoryUrl === 'string' ? directoryUrl : undefined;
}

export async function recordIssuingDirectory(instanceDir: string, name: string, directoryUrl: string, now: number): Promise<void> {
  const all = await readAcmeJson(instanceDir, ISSUED_FILE);
  all[name] = { directoryUrl, issuedAt: new Date(now).toISOString() };
  await writeAcmeFile(instanceDir, ISSUED_FILE, `${JSON.stringify(all, null, 2)}\n`);
}
