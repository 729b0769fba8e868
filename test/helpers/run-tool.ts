// Runs an external client (mbsync, python3) as a child process without blocking the event loop, since
// the server under test runs in this process. The run is bounded: a hung client is killed.
import { spawn } from 'node:child_process';

export interface ToolRun {
  /** The exit code, or the signal name when the process was killed. */
  code: number | string;
  stdout: string;
  stderr: string;
}

export function runTool(command: string, args: readonly string[], options: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {}): Promise<ToolRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: options.env ?? process.env, cwd: options.cwd, timeout: options.timeoutMs ?? 20_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code: code ?? signal ?? -1, stdout, stderr }));
  });
}
