// What the DKIM tests share: generated keys, an in-memory key source, and a test DNS for verifiers
// that publishes each key exactly as `mailstead dkim generate` prints it (dkimZoneLine's strings).
import type { DkimAlgorithm } from '../../src/mail/index.ts';
import type { DkimKeySource, DkimSigningKey } from '../../src/outbound/dkim.ts';
import { dkimRecordName, dkimZoneLine, generateDkimKey } from '../../src/outbound/dkim-record.ts';

export interface TestDkimKey extends DkimSigningKey {
  publicKey: string;
}

export async function testKey(domain: string, selector: string, algorithm: DkimAlgorithm): Promise<TestDkimKey> {
  return { domain, selector, ...(await generateDkimKey(algorithm)) };
}

/** Active keys by domain; edit `active` between messages. Records every lookup. */
export class FakeKeySource implements DkimKeySource {
  readonly active = new Map<string, DkimSigningKey>();
  readonly lookups: string[] = [];

  constructor(keys: readonly DkimSigningKey[] = []) {
    for (const key of keys) this.active.set(key.domain, key);
  }

  async activeDkimKey(domain: string): Promise<DkimSigningKey | undefined> {
    this.lookups.push(domain);
    return this.active.get(domain);
  }
}

/** The character-strings of a zone-file TXT line: `name. IN TXT "a" "b"` → ['a', 'b']. */
export function zoneLineStrings(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"/g)].map((match) => match[1] ?? '');
}

/** TXT records by name (lowercase, no trailing dot), each a list of character-strings. */
export type TestDns = Map<string, string[]>;

export function publish(keys: readonly TestDkimKey[]): TestDns {
  return new Map(keys.map((key) => [dkimRecordName(key), zoneLineStrings(dkimZoneLine(key))]));
}

/** mailauth's resolver contract: TXT answers as arrays of character-strings, ENOTFOUND otherwise. */
export function mailauthResolver(dns: TestDns): (name: string, type: string) => Promise<string[][]> {
  return async (name, type) => {
    const strings = type.toUpperCase() === 'TXT' ? dns.get(name.toLowerCase().replace(/\.$/, '')) : undefined;
    if (strings === undefined) throw Object.assign(new Error(`queryTxt ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
    return [strings];
  };
}

/** A plain message in CRLF form from header lines and body lines. */
export function message(headers: readonly string[], body: readonly string[] = ['Hello,', '', 'a short note.']): Buffer {
  return Buffer.from(`${headers.join('\r\n')}\r\n\r\n${body.join('\r\n')}\r\n`);
}

export const HEADERS = [
  'From: Alice <alice@example.org>',
  'To: Bob <bob@remote.test>',
  'Subject: Lunch on Friday',
  'Date: Mon, 02 Nov 2026 10:00:00 +0000',
  'Message-ID: <lunch-1@example.org>',
  'MIME-Version: 1.0',
  'Content-Type: text/plain; charset=utf-8',
];
