// Sender rewriting for forwarded mail and the way back for its bounces (docs/sending.md "Forwarding and
// SRS"), over srs.ts: where the secrets come from, which addresses are ours to reverse, and when nothing
// is rewritten.
//
// Secrets: `[srs] secrets` from the configuration, newest first (the first signs), followed by the
// secret generated into the store (setting `srs.secret`) when there is one; with no configured secret,
// the generated one signs, created on first use. The store makes it the same on every node and across
// restarts, and it keeps verifying when configured secrets are added later, so no bounce on its way is
// lost by that change.
//
// Contract:
// - `forwardSender` returns the envelope sender for a copy forwarded by `forwarder` (a local alias or
//   account, `@domain` for a catch-all): SRS at the forwarder's domain, or the sender unchanged when SRS
//   is off, for the null sender, and where srs.ts leaves it (no domain, already in that domain).
// - `reverseRecipient` answers only for an SRS0/SRS1 local part at a local domain while SRS is on
//   (undefined otherwise: resolve the address as usual); a bad hash, an expired or malformed address is a
//   failure the caller refuses. It never creates a secret: an address no secret of ours made is refused.
// - The stored secret, once read, is cached for the life of the object (it is written once, never changed).
import { randomBytes as cryptoRandomBytes } from 'node:crypto';
import type { Config } from '../config/index.ts';
import type { MailService } from '../mail/types.ts';
import { splitAddress } from './address.ts';
import { createSrs, DEFAULT_SRS_MAX_AGE_DAYS, isSrsAddress, type SrsReverseResult } from './srs.ts';

export interface SrsSettings {
  /** `[srs] enabled`. */
  enabled: boolean;
  /** `[srs] secrets`, newest first; [] = the generated secret in the store signs. */
  secrets: readonly string[];
  /** `[srs] max_age` in days. */
  maxAgeDays: number;
}

export const DEFAULT_SRS_SETTINGS: SrsSettings = { enabled: true, secrets: [], maxAgeDays: DEFAULT_SRS_MAX_AGE_DAYS };

const DAY_MS = 86_400_000;

/** The `[srs]` table as the router takes it (the schema allows only whole days for `max_age`). */
export function srsSettings(srs: Config['srs']): SrsSettings {
  return { enabled: srs.enabled, secrets: [...srs.secrets], maxAgeDays: Math.round(srs.max_age / DAY_MS) };
}

/** The store setting that holds the generated secret. */
export const SRS_SECRET_SETTING = 'srs.secret';

/** Octets of randomness in a generated secret (256 bits, more than HMAC-SHA1's block needs). */
const GENERATED_SECRET_BYTES = 32;

export type SrsDirectory = Pick<MailService, 'findDomain' | 'findSetting' | 'initSetting'>;

export interface SrsRewritingDeps {
  directory: SrsDirectory;
  /** ms since epoch: the SRS day stamp. */
  clock: () => number;
  /** Randomness for the generated secret; node:crypto's by default. */
  randomBytes?: (size: number) => Buffer;
}

export interface SrsRewriting {
  forwardSender(sender: string, forwarder: string, settings: SrsSettings): Promise<string>;
  reverseRecipient(address: string, settings: SrsSettings): Promise<SrsReverseResult | undefined>;
}

export function createSrsRewriting(deps: SrsRewritingDeps): SrsRewriting {
  const random = deps.randomBytes ?? cryptoRandomBytes;
  const clock = (): Date => new Date(deps.clock());
  let stored: string | undefined;

  async function storedSecret(create: boolean): Promise<string | undefined> {
    stored ??= await deps.directory.findSetting(SRS_SECRET_SETTING);
    if (stored === undefined && create) stored = await deps.directory.initSetting(SRS_SECRET_SETTING, random(GENERATED_SECRET_BYTES).toString('base64url'));
    return stored;
  }

  /** Signing secret first; [] only when verifying with nothing configured and nothing generated yet. */
  async function secrets(settings: SrsSettings, create: boolean): Promise<string[]> {
    const generated = await storedSecret(create && settings.secrets.length === 0);
    return generated === undefined ? [...settings.secrets] : [...settings.secrets, generated];
  }

  return {
    async forwardSender(sender, forwarder, settings) {
      if (!settings.enabled || sender === '') return sender;
      const srs = createSrs({ secrets: await secrets(settings, true), clock, maxAgeDays: settings.maxAgeDays });
      return srs.forward(sender, splitAddress(forwarder).domain);
    },

    async reverseRecipient(address, settings) {
      if (!settings.enabled || !isSrsAddress(address)) return undefined;
      const { domain } = splitAddress(address);
      if (domain === '' || (await deps.directory.findDomain(domain)) === undefined) return undefined;
      const known = await secrets(settings, false);
      if (known.length === 0) return { ok: false, failure: 'bad-hash' };
      return createSrs({ secrets: known, clock, maxAgeDays: settings.maxAgeDays }).reverse(address);
    },
  };
}
