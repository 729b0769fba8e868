// The ACME state files in `certs/acme/` of the instance directory (mode 0700): written atomically
// (temporary name, fsync, rename, mode 0600), so a crash leaves the old or the new version, never half.
import { mkdir, readFile } from 'node:fs/promises';
import { writeFileDurably } from '../../util/durable-file.ts';
import { dirname, join } from 'node:path';

export const ACME_DIR = 'certs/acme';

export async function writeAcmeFile(instanceDir: string, relativePath: string, contents: string): Promise<void> {
  const path = join(instanceDir, relativePath);
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await writeFileDurably(path, contents, 0o600);
}

/** The file's text, or undefined when it does not exist. */
export async function readAcmeFile(instanceDir: string, relativePath: string): Promise<string | undefined> {
  try {
    return await readFile(join(instanceDir, relativePath), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** A JSON object file as a record of objects; undefined entries for anything malformed. */
export async function readAcmeJson(instanceDir: string, relativePath: string): Promise<Record<string, Record<string, unknown>>> {
  const text = await readAcmeFile(instanceDir, relativePath);
  if (text === undefined) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`${join(instanceDir, relativePath)}: not valid JSON; remove it and restart`);
  }
  const out: Record<string, Record<string, unknown>> = {};
  if (typeof parsed !== 'object' || parsed === null) return out;
  for (const [key, value] of Object.entries(parsed)) if (typeof value === 'object' && value !== null) out[key] = value as Record<string, unknown>;
  return out;
}
