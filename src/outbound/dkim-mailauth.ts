// The bridge to mailauth's DKIM signer, and the one place that reaches past its documented API.
//
// Why: mailauth signs exactly the header fields a message has (h= lists each present instance), but
// over-signing (RFC 6376 §8.15, §5.4.2) needs h= to name a field once more than it occurs: verifiers
// hash a name with no instance left as the null string, so a field added later (a second From:)
// breaks the signature. mailauth's dkimSign builds h= from the parsed header fields' `casedKey`s and
// the hashed data from their `line`s; this subclass appends the extra names to the `casedKey` of the
// topmost signed field, which puts them last in h= (signing walks the fields bottom-up), after every
// real instance of their name, and adds no bytes to what is hashed. The signature, the canonicalisation
// and the key handling stay mailauth's. test/outbound/dkim.test.ts verifies the result with mailauth's
// verifier and dkimpy, and checks that an added From: fails, so a mailauth upgrade that changes these
// internals is caught there (mailauth is pinned in package.json).
import { createRequire } from 'node:module';
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { DKIMSignError, DKIMSignOptions } from 'mailauth';

/** A header field as mailauth's parser returns it (lib/tools.js parseHeaders). */
interface MailauthHeaderField {
  /** Lowercased name; null for a line that is not a field. */
  key: string | null;
  /** The name as written; what h= lists. */
  casedKey: string | undefined;
  line: Buffer;
}

interface MailauthSigner extends Writable {
  /** DKIM-Signature header fields made, folded, without the trailing CRLF. */
  readonly signatureHeaders: string[];
  readonly errors: DKIMSignError[];
  /** Called once with the parsed header section, before the body is hashed. */
  messageHeaders(headers: { parsed: MailauthHeaderField[] }): Promise<void>;
}

type MailauthSignerClass = new (options: DKIMSignOptions) => MailauthSigner;

const { DkimSigner } = createRequire(import.meta.url)('mailauth/lib/dkim/dkim-signer.js') as { DkimSigner: MailauthSignerClass };

export interface SigningRequest {
  signingDomain: string;
  selector: string;
  privateKeyPem: string;
  /** Header field names to sign (each instance present), case-insensitive. */
  headerList: readonly string[];
  /** Given the lowercased names of the fields present, the names to list once more (over-sign). */
  overSign: (present: ReadonlySet<string>) => readonly string[];
  signTime: Date;
}

class OverSigningSigner extends DkimSigner {
  readonly #signed: ReadonlySet<string>;
  readonly #overSign: SigningRequest['overSign'];

  constructor(request: SigningRequest) {
    const signature = { signingDomain: request.signingDomain, selector: request.selector, privateKey: request.privateKeyPem };
    super({ ...signature, signatureData: [signature], canonicalization: 'relaxed/relaxed', headerList: [...request.headerList], signTime: request.signTime, strict: true });
    this.#signed = new Set(request.headerList.map((name) => name.toLowerCase()));
    this.#overSign = request.overSign;
  }

  override async messageHeaders(headers: { parsed: MailauthHeaderField[] }): Promise<void> {
    const present = new Set(headers.parsed.flatMap((field) => (field.key === null ? [] : [field.key])));
    const extra = this.#overSign(present);
    const topmost = headers.parsed.find((field) => field.key !== null && this.#signed.has(field.key));
    if (topmost?.casedKey !== undefined && extra.length > 0) topmost.casedKey = [topmost.casedKey, ...extra].join(': ');
    await super.messageHeaders(headers);
  }
}

/**
 * Signs the message read from `source` (consumed to its end) and returns the DKIM-Signature header
 * field, folded, ending with CRLF. Throws when mailauth could not sign (an unusable key, no From:).
 */
export async function signWithMailauth(source: Readable, request: SigningRequest): Promise<string> {
  const signer = new OverSigningSigner(request);
  await pipeline(source, signer);
  const failure = signer.errors[0];
  if (failure !== undefined) throw new Error(`DKIM signing as ${request.selector}._domainkey.${request.signingDomain} failed: ${failure.err.message}`);
  const header = signer.signatureHeaders[0];
  if (header === undefined) throw new Error(`DKIM signing as ${request.selector}._domainkey.${request.signingDomain} made no signature`);
  return `${header}\r\n`;
}
