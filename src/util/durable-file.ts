// Replacing a small file so that a crash leaves the old version or the new one, never half of either:
// write a temporary file, fsync it, rename it over the target, fsync the directory (POSIX: a renamed
// entry survives a crash only once its directory is synced). For certificates, keys and ACME state.
import { open, rename } from 'node:fs/promises';
import { dirname } from 'node:path';

export async function writeFileDurably(path: string, contents: string, mode: number): Promise<void> {
  const temporary = `${path}.tmp-${process.pid}`;
  const handle = await open(temporary, 'w', mode);
  try {
    await handle.writeFile(contents);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, path);
  const directory = await open(dirname(path), 'r');
  try {
    await directory.sync();
  } finally {
    await directory.close();
  }
}
