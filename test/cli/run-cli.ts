// Runs the `mailstead` CLI as a child process on the project's Node, as a user would, and collects
// its exit code and output. Every run is bounded by a timeout.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = new URL('../../', import.meta.url).pathname;
const NODE = join(ROOT, 'node_modules/.bin/node');
const MAIN = join(ROOT, 'src/cli/main.ts');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function mailstead(args: readonly string[], timeoutMs = 60_000): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    execFile(NODE, [MAIN, ...args], { cwd: ROOT, timeout: timeoutMs, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err && typeof err.code !== 'number') return reject(err);
      resolve({ code: err ? Number(err.code) : 0, stdout, stderr });
    });
  });
}

/** Lines of a stream, without the empty one after the final newline. */
export function lines(text: string): string[] {
  const all = text.split('\n');
  if (all.at(-1) === '') all.pop();
  return all;
}

/** The password from a "password for ADDRESS: PW  (generated; …)" line. */
export function generatedPassword(stdout: string, address: string): string {
  const escaped = address.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`^password for ${escaped}: (\\S+)  \\(generated; shown only this once\\)$`, 'm').exec(stdout);
  if (!match) throw new Error(`no generated password for ${address} in:\n${stdout}`);
  return match[1]!;
}

/** A fresh temp dir for one test file; `cleanup` removes it. */
export async function tempDir(): Promise<{ path: string; cleanup(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'mailstead-cli-'));
  return { path, cleanup: () => rm(path, { recursive: true, force: true }) };
}

/** `init` of a new instance in DIR/name with a known password; returns the instance directory. */
export async function initInstanceDir(parent: string, name: string, domain = 'example.test'): Promise<string> {
  const dir = join(parent, name);
  const result = await mailstead(['init', '--dir', dir, '--hostname', `mx.${domain}`, '--domain', domain, '--password', 'admin-secret']);
  if (result.code !== 0) throw new Error(`init failed: ${result.stderr}`);
  return dir;
}
