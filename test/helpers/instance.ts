// End-to-end fixtures: a real instance directory in a temp dir (config with listeners on 127.0.0.1
// port 0, a self-signed certificate, domains and accounts in the store), and a server started on it,
// either in this process or as a child process (for signals, crashes and privilege drops).
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { createSelfSignedCertificate } from '../../src/tls/index.ts';
import { openMailService, startServer, type RunningServer } from '../../src/server/index.ts';
import { hashPassword } from '../../src/auth/index.ts';
import { silentLogger } from '../../src/log/index.ts';

export const ROOT = new URL('../../', import.meta.url).pathname;
export const NODE = join(ROOT, 'node_modules/.bin/node');
export const CLI = join(ROOT, 'src/cli/main.ts');
export const HOSTNAME = 'mx.example.test';

export interface InstanceSpec {
  domains?: string[];
  accounts?: Array<{ address: string; password?: string; quotaBytes?: number | null; quotaMessages?: number | null; isAdmin?: boolean }>;
  aliases?: Array<{ address: string; targets: string[] }>;
  /** Extra TOML appended to the generated config (e.g. an `[smtp]` table). */
  extraConfig?: string;
  /** Listener lines; default an SMTP, an IMAP and a POP3 listener, all STARTTLS, on 127.0.0.1 port 0. */
  listeners?: string;
}

export interface Instance {
  dir: string;
  cleanup(): Promise<void>;
}

const DEFAULT_LISTENERS =
  `[[listeners]]\nprotocol = "smtp"\naddress = "127.0.0.1"\nport = 0\ntls = "starttls"\n\n` +
  `[[listeners]]\nprotocol = "imap"\naddress = "127.0.0.1"\nport = 0\ntls = "starttls"\n\n` +
  `[[listeners]]\nprotocol = "pop3"\naddress = "127.0.0.1"\nport = 0\ntls = "starttls"\n`;

export async function createInstance(spec: InstanceSpec = {}): Promise<Instance> {
  const dir = await mkdtemp(join(tmpdir(), 'mailstead-e2e-'));
  for (const sub of ['blobs', 'tmp', 'pickup', 'certs']) await mkdir(join(dir, sub), { recursive: true });
  const { cert, key } = await createSelfSignedCertificate(HOSTNAME);
  await writeFile(join(dir, 'certs/server.crt'), cert);
  await writeFile(join(dir, 'certs/server.key'), key, { mode: 0o600 });
  await writeFile(
    join(dir, 'mailstead.toml'),
    `hostname = "${HOSTNAME}"\n${spec.extraConfig ?? ''}\n[log]\nlevel = "info"\n\n${spec.listeners ?? DEFAULT_LISTENERS}`,
  );
  const mail = await openMailService(dir, silentLogger());
  try {
    for (const domain of spec.domains ?? ['example.test']) await mail.addDomain(domain);
    for (const account of spec.accounts ?? []) {
      await mail.addAccount({
        address: account.address,
        passwordHash: await hashPassword(account.password ?? 'secret-password'),
        quotaBytes: account.quotaBytes ?? null,
        quotaMessages: account.quotaMessages ?? null,
        isAdmin: account.isAdmin ?? false,
      });
    }
    for (const alias of spec.aliases ?? []) await mail.addAlias(alias.address, alias.targets);
  } finally {
    await mail.close();
  }
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Starts the server in this process; returns the bound SMTP port and the first submission, IMAP and POP3 ports (0 when none). */
export async function startInProcess(dir: string): Promise<{ server: RunningServer; smtpPort: number; submissionPort: number; imapPort: number; pop3Port: number }> {
  const server = await startServer(dir, { logger: silentLogger() });
  const smtp = server.listeners.find((l) => l.protocol === 'smtp');
  if (!smtp) throw new Error('no SMTP listener');
  const portOf = (protocol: string): number => server.listeners.find((l) => l.protocol === protocol)?.port ?? 0;
  return { server, smtpPort: smtp.port, submissionPort: portOf('submission'), imapPort: portOf('imap'), pop3Port: portOf('pop3') };
}

export interface ServerProcess {
  child: ChildProcess;
  smtpPort: number;
  /** The first IMAP listener's port (0 when none). */
  imapPort: number;
  /** The first POP3 listener's port (0 when none). */
  pop3Port: number;
  /** Every JSON log line seen so far. */
  logs: Array<Record<string, unknown>>;
  /** Resolves with the exit code (or signal name) once the process has ended. */
  exited: Promise<number | string>;
}

const children = new Set<ChildProcess>();

/** Kills every server child still running (for `after` hooks, so a failed test cannot hang the run). */
export function killServers(): void {
  for (const child of children) child.kill('SIGKILL');
}

/** Runs `mailstead serve --dir DIR` as a child and waits for its `ready` log line. */
export async function spawnServer(dir: string, env: Record<string, string> = {}, timeoutMs = 20_000): Promise<ServerProcess> {
  const child = spawn(NODE, [CLI, 'serve', '--dir', dir], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  child.on('exit', () => children.delete(child));
  const logs: Array<Record<string, unknown>> = [];
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  const lines = createInterface({ input: child.stdout! });
  let port: number | undefined;
  let imapPort = 0;
  let pop3Port = 0;
  const smtpPort = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start within ${timeoutMs}ms; stderr: ${stderr}`)), timeoutMs);
    lines.on('line', (line) => {
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line) as Record<string, unknown>;
      } catch {
        return;
      }
      logs.push(entry);
      if (entry.msg === 'listening' && entry.protocol === 'smtp') port = entry.port as number;
      if (entry.msg === 'listening' && entry.protocol === 'imap' && imapPort === 0) imapPort = entry.port as number;
      if (entry.msg === 'listening' && entry.protocol === 'pop3' && pop3Port === 0) pop3Port = entry.port as number;
      if (entry.msg === 'ready' && port !== undefined) {
        clearTimeout(timer);
        resolve(port);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before listening; stderr: ${stderr}`));
    });
  });
  return { child, smtpPort, imapPort, pop3Port, logs, exited };
}
