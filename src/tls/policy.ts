// The protocol and cipher policy every server context is built with (`[tls] min_version`, `ciphers`).
//
// - TLS 1.2 is the default minimum and TLS 1.3 is always on: OpenSSL negotiates the highest version
//   both sides have, so 1.3 is preferred whenever the client can (RFC 8446).
// - TLS 1.0 and 1.1 are deprecated (RFC 8996). OpenSSL 3 refuses them at its default security level 1
//   and above (their handshake signatures use SHA-1/MD5), so enabling them also sets `@SECLEVEL=0` on
//   the cipher list; without that `min_version = "TLSv1"` would change nothing. Level 0 also accepts
//   small keys and weak ciphers a client offers, which is why the server warns at every start.
// - For TLS 1.2 and older the server's cipher order wins (`honorCipherOrder`), so a client offering
//   CBC suites first still gets AEAD. TLS 1.3 suites are OpenSSL's unless the list names `TLS_` ones.
import { DEFAULT_CIPHERS, type SecureVersion } from 'node:tls';
import type { Config } from '../config/index.ts';

/** The options of `tls.createSecureContext` that carry the policy; every certificate's context gets them. */
export interface TlsPolicy {
  readonly minVersion: SecureVersion;
  readonly ciphers: string;
  readonly honorCipherOrder: true;
}

const LEGACY_VERSIONS: ReadonlySet<SecureVersion> = new Set(['TLSv1', 'TLSv1.1']);

/** TLS 1.0 or 1.1 is enabled. */
export function allowsLegacyTls(minVersion: SecureVersion): boolean {
  return LEGACY_VERSIONS.has(minVersion);
}

export function tlsPolicy(tlsConfig: Pick<Config['tls'], 'min_version' | 'ciphers'>): TlsPolicy {
  let ciphers = tlsConfig.ciphers ?? DEFAULT_CIPHERS;
  if (allowsLegacyTls(tlsConfig.min_version) && !/@SECLEVEL=/i.test(ciphers)) ciphers += ':@SECLEVEL=0';
  return { minVersion: tlsConfig.min_version, ciphers, honorCipherOrder: true };
}
