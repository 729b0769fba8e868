// The filesystem steps that make a rename durable (POSIX: a new directory entry survives a crash only
// once its directory has been fsync'd).
import { mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';

export async function fsyncDirectory(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Creates `path` if missing; a directory created here is made durable by fsyncing its parent. */
export async function ensureDirectory(path: string): Promise<void> {
  try {
    await mkdir(path);
  } catch (error) {
    if (isErrnoException(error) && error.code === 'EEXIST') return;
    throw error;
  }
  await fsyncDirectory(dirname(path));
}

export function isErrnoException(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && 'code' in error;
}

/** ENOENT means "already gone", which is what removal wanted. */
export function isNotFound(error: unknown): boolean {
  return isErrnoException(error) && error.code === 'ENOENT';
}
