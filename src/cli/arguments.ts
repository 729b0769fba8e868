// Option and argument parsers shared by the commands. A value that does not parse is a usage error
// (exit 2), reported by commander naming the option.
import { InvalidArgumentError, Option } from 'commander';
import { parseDuration, parseSize } from '../util/units.ts';

/** The options every command has. */
export interface DirOptions {
  dir: string;
}

/** `--dir DIR`, which every command takes: the instance directory (DESIGN.md "The instance directory"). */
export function dirOption(): Option {
  return new Option('--dir <DIR>', 'the instance directory (mailstead.toml, mailstead.db, blobs/, …)').default('.', 'the current directory');
}

export function parseSizeArgument(value: string): number {
  const bytes = parseSize(value);
  if (bytes === undefined) throw new InvalidArgumentError('expected a size like "500MB", "2GB" or a number of bytes.');
  return bytes;
}

/** A quota: a size, or `unlimited` / `0` for none (null, as Account.quotaBytes stores it). */
export function parseQuotaArgument(value: string): number | null {
  if (value.toLowerCase() === 'unlimited') return null;
  const bytes = parseSizeArgument(value);
  return bytes === 0 ? null : bytes;
}

/**
 * A limit given as an option. Commander replaces an option parser's null with '', so "no limit" is
 * 'unlimited' here and becomes null (as Account stores it) through `limitValue`.
 */
export type LimitOption = number | 'unlimited';

export function limitValue(option: LimitOption | undefined): number | null | undefined {
  return option === 'unlimited' ? null : option;
}

/** `--quota SIZE`: as parseQuotaArgument. */
export function parseQuotaOption(value: string): LimitOption {
  return parseQuotaArgument(value) ?? 'unlimited';
}

/** A message quota option: a whole number of messages, or `unlimited` / `0` for none. */
export function parseMessageQuotaOption(value: string): LimitOption {
  if (value.toLowerCase() === 'unlimited') return 'unlimited';
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n)) throw new InvalidArgumentError('expected a number of messages or "unlimited".');
  return n === 0 ? 'unlimited' : n;
}

export function parseDurationArgument(value: string): number {
  const ms = parseDuration(value);
  if (ms === undefined) throw new InvalidArgumentError('expected a duration like "90s", "30m", "1h" or "7d".');
  return ms;
}

export function parsePortBaseArgument(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 60000) throw new InvalidArgumentError('expected a whole number from 0 to 60000.');
  return n;
}

/**
 * Letters, digits and inner hyphens in dot-separated labels of at most 63 octets (RFC 1035 §2.3.1,
 * RFC 1123 §2.1); U-labels pass, as the store accepts them.
 */
export function isDomainName(name: string): boolean {
  if (name.length > 253) return false;
  return name.split('.').every((label) => /^[a-z0-9\u0080-\uffff](?:[a-z0-9\u0080-\uffff-]{0,61}[a-z0-9\u0080-\uffff])?$/i.test(label));
}

/** The domain part of `local@domain` (lowercased), or undefined when the text is not an address. */
export function domainOf(address: string): string | undefined {
  const at = address.lastIndexOf('@');
  if (at <= 0 || at === address.length - 1) return undefined;
  return address.slice(at + 1).toLowerCase();
}
