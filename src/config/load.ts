// Reads and validates mailstead.toml. Every failure is a ConfigError naming the file and the key.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import type { z } from 'zod';
import { ACME_LISTENERS, configSchema, DEFAULT_LISTENERS, ENCRYPTION_DEFAULT, type Config, type ListenerConfig } from './schema.ts';

export const CONFIG_FILE = 'mailstead.toml';

export class ConfigError extends Error {
  readonly file: string;
  readonly key: string | undefined;
  constructor(file: string, key: string | undefined, detail: string) {
    super(key ? `${file}: ${key}: ${detail}` : `${file}: ${detail}`);
    this.name = 'ConfigError';
    this.file = file;
    this.key = key;
  }
}

export function configPath(dir: string): string {
  return join(dir, CONFIG_FILE);
}

/** Loads DIR/mailstead.toml. Throws ConfigError on a missing file, bad TOML, unknown key or wrong type. */
export function loadConfig(dir: string): Config {
  const file = configPath(dir);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ConfigError(file, undefined, code === 'ENOENT' ? 'no such file (run `mailstead init` first)' : String(err));
  }
  return parseConfig(text, file);
}

export function parseConfig(text: string, file: string): Config {
  let raw: unknown;
  try {
    raw = parseToml(text);
  } catch (err) {
    throw new ConfigError(file, undefined, `not valid TOML: ${(err as Error).message.split('\n')[0]}`);
  }
  const result = configSchema.safeParse(raw);
  if (!result.success) throw issueToError(file, result.error.issues[0]!);
  return result.data;
}

function issueToError(file: string, issue: z.core.$ZodIssue): ConfigError {
  const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p)));
  if (issue.code === 'unrecognized_keys') {
    const key = [...path, issue.keys[0]].join('.').replace(/\.\[/g, '[');
    return new ConfigError(file, key, 'unknown key');
  }
  const key = path.join('.').replace(/\.\[/g, '[');
  return new ConfigError(file, key || undefined, issue.message);
}

/**
 * The listeners to open: the explicit list, or DEFAULT_LISTENERS at port_base (with ACME_LISTENERS
 * when `[acme] enabled`). `encryption` is always filled in, from ENCRYPTION_DEFAULT when the listener
 * leaves it out.
 */
export function effectiveListeners(config: Config): ListenerConfig[] {
  const defaults = config.acme.enabled ? [...DEFAULT_LISTENERS, ...ACME_LISTENERS] : DEFAULT_LISTENERS;
  const listeners: ListenerConfig[] =
    config.listeners ??
    defaults.map((listener) => ({ protocol: listener.protocol, address: config.listen_address, port: config.port_base + listener.port, tls: listener.tls }));
  return listeners.map((listener) => ({ ...listener, encryption: listener.encryption ?? ENCRYPTION_DEFAULT[listener.protocol] }));
}
