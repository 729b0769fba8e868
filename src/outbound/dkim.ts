// DKIM signing of mail leaving from a local domain (RFC 6376; RFC 8463 for Ed25519; RFC 8301 for the
// algorithms). Given the message bytes, the signer picks the signing domain, looks up its active key
// and returns the DKIM-Signature header field to prepend; the signature itself is mailauth's
// (dkim-mailauth.ts).
//
// Which domain signs (d=), in this order, the first that has an active key:
// 1. the domain of the From: address (RFC 5322 §3.6.2; the first From: field, its addresses in order),
//    so the signature aligns with the From: domain as DMARC requires (RFC 7489 §3.1.1);
// 2. its parent domains (news.example.org → example.org): a key of a parent still aligns in DMARC's
//    default relaxed mode, since a local domain is never a public suffix;
// 3. the envelope sender's domain, then its parents: a valid signature for the sender's reputation,
//    though not aligned with From:.
// None of them having a key means no signature (`unsigned`, reason 'no-key'). A message without a From:
// address in a domain name (no From: field, a group, a domain literal) is not signed either
// ('no-from'): RFC 6376 §5.4 requires From: to be signed, and such mail is not from a local domain.
//
// Contract:
// - relaxed/relaxed canonicalisation (RFC 6376 §3.4.2, §3.4.4), a= from the key, t= from the clock, no
//   l= (the whole body is signed), no x=.
// - Signed header fields: SIGNED_HEADERS, each instance present. Over-signed (named once more in h=,
//   so adding one breaks the signature, RFC 6376 §8.15): OVERSIGNED always, OVERSIGNED_IF_PRESENT when
//   the message has the field.
// - Keys are looked up for every message, never cached: a key generated, activated or removed with
//   the CLI applies to the next message, on every node sharing the store.
// - A Readable message is consumed: to its end when it is signed, only its header section otherwise
//   (and then destroyed). The caller sends the message again from its source (the blob), prefixed by
//   the returned header.
// - Throws when the key lookup fails or mailauth cannot sign with the key: the caller retries later
//   (sending unsigned mail that the domain's DMARC policy expects to be signed would be worse).
import { Readable } from 'node:stream';
import { domainToASCII, domainToUnicode } from 'node:url';
import type { DkimAlgorithm, DkimKey } from '../mail/index.ts';
import { HeaderScanner, parseAddressList } from '../mime/index.ts';
import { signWithMailauth } from './dkim-mailauth.ts';

/** RFC 6376 §5.4.1's recommended fields, plus RFC 8058 §4's List-Unsubscribe-Post (which MUST be signed). */
const SIGNED_HEADERS: readonly string[] = [
  'From', 'Sender', 'Reply-To', 'Subject', 'Date', 'Message-ID', 'To', 'Cc',
  'In-Reply-To', 'References', 'MIME-Version', 'Content-Type', 'Content-Transfer-Encoding',
  'Content-ID', 'Content-Description', 'Content-Disposition',
  'Resent-Date', 'Resent-From', 'Resent-Sender', 'Resent-To', 'Resent-Cc', 'Resent-Message-ID',
  'List-Id', 'List-Help', 'List-Unsubscribe', 'List-Unsubscribe-Post', 'List-Subscribe', 'List-Post', 'List-Owner', 'List-Archive',
];
/** What a reader sees and acts on: listed once more even when absent, so none can be added later. */
const OVERSIGNED: readonly string[] = ['From', 'Reply-To', 'Subject', 'To', 'Cc'];
/** Listed once more when present, so no second instance can be added. */
const OVERSIGNED_IF_PRESENT: readonly string[] = [
  'Sender', 'Date', 'Message-ID', 'In-Reply-To', 'References', 'MIME-Version', 'Content-Type', 'Content-Transfer-Encoding',
];

/** A domain of two labels or more (U-labels allowed); not a domain literal, not a group marker. */
const DOMAIN_NAME = /^[a-z0-9\u0080-\uffff-]+(?:\.[a-z0-9\u0080-\uffff-]+)+\.?$/;
/** Bytes read from a stream to find the header section; a longer one is searched up to here for From:. */
const HEADER_READ_LIMIT = 1024 * 1024;
/** Parent domains tried per candidate: a bound, far above any real domain depth. */
const MAX_PARENTS = 8;

export type DkimSigningKey = Pick<DkimKey, 'domain' | 'selector' | 'algorithm' | 'privateKeyPem'>;

/** Where keys come from; MailService is one. Called per message. */
export interface DkimKeySource {
  activeDkimKey(domain: string): Promise<DkimSigningKey | undefined>;
}

export interface DkimSignerDeps {
  keys: DkimKeySource;
  /** ms since epoch, for t=; Date.now unless a test injects a clock. */
  now?: () => number;
}

export type DkimSignOutcome =
  | {
      kind: 'signed';
      /** `DKIM-Signature: …` folded, ending with CRLF: prepend it to the message as is. */
      header: string;
      domain: string;
      selector: string;
      algorithm: DkimAlgorithm;
      /** d= is the From: domain or a parent of it (DMARC-aligned in relaxed mode). */
      aligned: boolean;
    }
  | { kind: 'unsigned'; reason: 'no-from' | 'no-key' };

export interface DkimSigner {
  /** `envelopeSender`: MAIL FROM ('' or absent for the null sender). */
  sign(message: Buffer | Readable, options?: { envelopeSender?: string }): Promise<DkimSignOutcome>;
}

interface Candidate {
  domain: string;
  aligned: boolean;
}

interface MessageHead {
  head: Buffer;
  /** The whole message again, for the signer. */
  source(): Readable;
  discard(): void;
}

/** A stream chunk as bytes: Buffers and Uint8Arrays as they are, strings (setEncoding) as UTF-8. */
function toBuffer(chunk: unknown): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  return chunk instanceof Uint8Array ? Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength) : Buffer.from(String(chunk));
}

/** Reads a stream up to the end of its header section (the first empty line) or the read limit. */
async function readHead(message: Readable): Promise<MessageHead> {
  const iterator: AsyncIterator<unknown> = message[Symbol.asyncIterator]();
  const chunks: Buffer[] = [];
  let size = 0;
  let tail = Buffer.alloc(0);
  while (size < HEADER_READ_LIMIT) {
    const next = await iterator.next();
    if (next.done === true) break;
    const chunk = toBuffer(next.value);
    chunks.push(chunk);
    size += chunk.length;
    const window = Buffer.concat([tail, chunk]);
    if (/\n\r?\n/.test(window.toString('latin1'))) break;
    tail = window.subarray(-2);
  }
  async function* rest(): AsyncGenerator<Buffer> {
    yield* chunks;
    for (let next = await iterator.next(); next.done !== true; next = await iterator.next()) {
      yield toBuffer(next.value);
    }
  }
  return { head: Buffer.concat(chunks), source: () => Readable.from(rest()), discard: () => message.destroy() };
}

function bufferHead(message: Buffer): MessageHead {
  return { head: message, source: () => Readable.from([message]), discard: () => undefined };
}

/** Domains of the first From: field's addresses (RFC 5322 §3.6.2), lowercased, in order. */
function fromDomains(head: Buffer): string[] {
  const scanner = new HeaderScanner({ maxHeaderSize: HEADER_READ_LIMIT });
  scanner.push(head);
  const from = scanner.end().fields.find((field) => field.name.toLowerCase() === 'from');
  if (from === undefined) return [];
  const hosts = (parseAddressList(from.value) ?? []).map((address) => address.host?.toLowerCase() ?? '');
  return hosts.filter((host) => DOMAIN_NAME.test(host));
}

/** The name and its parents (at least two labels each), in both A-label and U-label form. */
function withParents(domain: string): string[] {
  const out: string[] = [];
  let labels = domain.replace(/\.$/, '').split('.');
  for (let depth = 0; depth <= MAX_PARENTS && labels.length >= 2; depth++, labels = labels.slice(1)) {
    const name = labels.join('.');
    out.push(name, domainToASCII(name), domainToUnicode(name));
  }
  return out.filter((name) => name !== '');
}

function candidates(fromHosts: readonly string[], envelopeSender: string | undefined): Candidate[] {
  const seen = new Set<string>();
  const out: Candidate[] = [];
  const add = (domain: string, aligned: boolean) => {
    if (seen.has(domain)) return;
    seen.add(domain);
    out.push({ domain, aligned });
  };
  for (const host of fromHosts) for (const domain of withParents(host)) add(domain, true);
  const at = envelopeSender?.lastIndexOf('@') ?? -1;
  if (envelopeSender !== undefined && at > 0) for (const domain of withParents(envelopeSender.slice(at + 1).toLowerCase())) add(domain, false);
  return out;
}

function overSign(present: ReadonlySet<string>): string[] {
  return [...OVERSIGNED, ...OVERSIGNED_IF_PRESENT.filter((name) => present.has(name.toLowerCase()))];
}

export function createDkimSigner(deps: DkimSignerDeps): DkimSigner {
  const now = deps.now ?? Date.now;
  return {
    async sign(message, options = {}) {
      const read = Buffer.isBuffer(message) ? bufferHead(message) : await readHead(message);
      try {
        const hosts = fromDomains(read.head);
        if (hosts.length === 0) return { kind: 'unsigned', reason: 'no-from' };
        for (const candidate of candidates(hosts, options.envelopeSender)) {
          const key = await deps.keys.activeDkimKey(candidate.domain);
          if (key === undefined) continue;
          const header = await signWithMailauth(read.source(), {
            signingDomain: key.domain,
            selector: key.selector,
            privateKeyPem: key.privateKeyPem,
            headerList: SIGNED_HEADERS,
            overSign,
            signTime: new Date(now()),
          });
          return { kind: 'signed', header, domain: key.domain, selector: key.selector, algorithm: key.algorithm, aligned: candidate.aligned };
        }
        return { kind: 'unsigned', reason: 'no-key' };
      } finally {
        // A stream read to its end is done already; one read only up to its body is released here.
        read.discard();
      }
    },
  };
}
