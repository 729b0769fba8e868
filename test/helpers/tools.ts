// External clients (python3, swaks, openssl): on a developer machine a missing tool skips its test
// with a message; in CI (CI=true) it is a failure, because .ci/run installs them.
import { execFileSync } from 'node:child_process';

export function toolSkip(tool: string): string | false {
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    return false;
  } catch {
    if (process.env.CI === 'true') throw new Error(`${tool} is missing in CI: .ci/run must install it`);
    return `${tool} is not installed`;
  }
}
