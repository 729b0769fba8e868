// What the ACME manager needs of mailstead.toml, resolved once: `[acme] hostnames` defaults to
// `[hostname]`, and the certificate store entry is named after the first host name.
import type { Config } from '../../config/index.ts';

export type AcmeChallengeType = 'http-01' | 'tls-alpn-01';
export type AcmeKeyType = 'ecdsa-p256' | 'rsa-2048';

export interface AcmeSettings {
  readonly directoryUrl: string;
  readonly email: string;
  /** Every name of the one certificate, in order; never empty. */
  readonly hostnames: readonly string[];
  readonly challenge: AcmeChallengeType;
  readonly keyType: AcmeKeyType;
  readonly renewBeforeMs: number;
  /** `ca_file` as written (relative to the instance directory), when set. */
  readonly caFile: string | undefined;
}

/** Undefined when `[acme]` is not enabled. */
export function acmeSettings(config: Config): AcmeSettings | undefined {
  const acme = config.acme;
  if (!acme.enabled || acme.email === undefined) return undefined;
  return {
    directoryUrl: acme.directory_url,
    email: acme.email,
    hostnames: [...new Set((acme.hostnames ?? [config.hostname]).map((name) => name.toLowerCase()))],
    challenge: acme.challenge,
    keyType: acme.key_type,
    renewBeforeMs: acme.renew_before,
    caFile: acme.ca_file,
  };
}

/** The certificate store entry (`certs/live/<name>/`) ACME writes: the first host name. */
export function acmeCertificateName(settings: AcmeSettings): string {
  return settings.hostnames[0]!;
}
