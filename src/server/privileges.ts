// Privilege drop (DESIGN.md, Privileges): started as root with `user` configured, the server binds its
// ports, hands the instance directory to that user and switches to it before it creates any mail file.
import { execFileSync } from 'node:child_process';
import { chownSync, readdirSync, lstatSync } from 'node:fs';
import { join } from 'node:path';

export interface UserIds {
  uid: number;
  gid: number;
}

/** Looks up a user's uid and primary gid with `id`, which reads NSS like every other daemon does. */
export function lookupUser(name: string): UserIds {
  const run = (flag: string) => Number(execFileSync('id', [flag, name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
  let ids: UserIds;
  try {
    ids = { uid: run('-u'), gid: run('-g') };
  } catch {
    throw new Error(`user "${name}" does not exist`);
  }
  if (!Number.isInteger(ids.uid) || !Number.isInteger(ids.gid)) throw new Error(`user "${name}" has no numeric ids`);
  return ids;
}

/** Gives every file of the instance directory to the user, so it can write mail after the drop. */
export function chownTree(dir: string, ids: UserIds): void {
  chownSync(dir, ids.uid, ids.gid);
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    const stat = lstatSync(path);
    if (stat.isSymbolicLink()) continue;
    if (stat.isDirectory()) chownTree(path, ids);
    else chownSync(path, ids.uid, ids.gid);
  }
}

/** Switches the whole process (all threads) to the user; group first, while we still may. */
export function dropPrivileges(ids: UserIds): void {
  process.setgroups?.([ids.gid]);
  process.setgid?.(ids.gid);
  process.setuid?.(ids.uid);
}

export function isRoot(): boolean {
  return process.getuid?.() === 0;
}
