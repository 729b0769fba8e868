// Which TLS versions a listener accepts: one handshake per version, each limited to exactly that
// version. TLS 1.0 and 1.1 are deprecated (RFC 8996 §2–3: MUST NOT be used); a listener that still
// accepts them is an error. RFC 8314 §4.1 and RFC 9325 §3.1.1 want TLS 1.2 or later.
import type { SecureVersion } from 'node:tls';
import { error, ok, warning, type Finding } from './findings.ts';
import { probeTls, type ProbeOptions, type ProbeTarget } from './tls-probe.ts';

export const TLS_VERSIONS = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'] as const satisfies readonly SecureVersion[];
export type TlsVersion = (typeof TLS_VERSIONS)[number];

/** true: accepted; false: the handshake failed; null: not known (the connection failed before it). */
export type AcceptedVersions = Record<TlsVersion, boolean | null>;

const LABEL: Record<TlsVersion, string> = { TLSv1: 'TLS 1.0', 'TLSv1.1': 'TLS 1.1', 'TLSv1.2': 'TLS 1.2', 'TLSv1.3': 'TLS 1.3' };
const DEPRECATED: readonly TlsVersion[] = ['TLSv1', 'TLSv1.1'];

export async function probeVersions(target: ProbeTarget, options: Omit<ProbeOptions, 'minVersion' | 'maxVersion'>): Promise<AcceptedVersions> {
  const accepted: Partial<AcceptedVersions> = {};
  for (const version of TLS_VERSIONS) {
    const result = await probeTls(target, { ...options, minVersion: version, maxVersion: version });
    accepted[version] = result.ok ? true : result.stage === 'handshake' ? false : null;
  }
  return accepted as AcceptedVersions;
}

export function versionsFinding(accepted: AcceptedVersions): Finding {
  const list = (versions: readonly TlsVersion[]): string => versions.map((v) => LABEL[v]).join(', ');
  const yes = TLS_VERSIONS.filter((v) => accepted[v] === true);
  const unknown = TLS_VERSIONS.filter((v) => accepted[v] === null);
  const old = yes.filter((v) => DEPRECATED.includes(v));
  if (old.length > 0) return error('protocols', `accepts ${list(yes)}: ${list(old)} ${old.length === 1 ? 'is' : 'are'} deprecated (RFC 8996); accept TLS 1.2 and later only (tls.min_version = "TLSv1.2")`);
  if (yes.length === 0) return error('protocols', unknown.length > 0 ? `no handshake succeeded (${list(unknown)} not tested: the connection failed)` : 'accepts neither TLS 1.2 nor TLS 1.3');
  if (unknown.length > 0) return warning('protocols', `accepts ${list(yes)}; ${list(unknown)} not tested (the connection failed)`);
  return ok('protocols', `accepts ${list(yes)} only`);
}
