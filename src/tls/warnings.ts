// What an administrator should hear about the TLS set-up at every start and reload: deprecated protocol
// versions switched on, a self-signed default certificate, and certificates that have expired, are
// not valid yet, or expire soon. The composition root logs each one as a warning.
import { daysLeft, type LoadedCertificate } from './loaded-certificate.ts';
import { allowsLegacyTls } from './policy.ts';
import type { LoadedTlsProvider } from './load.ts';

/** Certificates expiring within this many days are warned about (issue 7; ACME renews at 30 days left). */
export const EXPIRY_WARNING_DAYS = 30;

export interface TlsWarning {
  readonly kind: 'legacy-tls' | 'self-signed-default' | 'expired' | 'not-yet-valid' | 'expires-soon';
  /** One sentence for the log line. */
  readonly message: string;
  /** The certificate it is about, when it is about one. */
  readonly certificate?: { readonly name: string; readonly file: string; readonly names: readonly string[]; readonly notAfter: string };
}

function about(certificate: LoadedCertificate): NonNullable<TlsWarning['certificate']> {
  return { name: certificate.name, file: certificate.files.cert, names: certificate.names, notAfter: certificate.notAfter.toISOString() };
}

function label(certificate: LoadedCertificate): string {
  const names = certificate.names.length === 0 ? certificate.subject : certificate.names.join(', ');
  return `certificate ${certificate.name} (${names})`;
}

/** The warnings for the provider's current certificates and policy, judged at `now`. */
export function tlsWarnings(provider: Pick<LoadedTlsProvider, 'certificates' | 'defaultCertificate' | 'minVersion'>, now: Date = new Date(), soonDays = EXPIRY_WARNING_DAYS): TlsWarning[] {
  const warnings: TlsWarning[] = [];
  if (allowsLegacyTls(provider.minVersion)) {
    warnings.push({
      kind: 'legacy-tls',
      message: `TLS ${provider.minVersion === 'TLSv1' ? '1.0 and 1.1 are' : '1.1 is'} enabled (tls.min_version = "${provider.minVersion}") at OpenSSL security level 0: these versions are deprecated (RFC 8996); keep them only while old devices need them`,
    });
  }
  const fallback = provider.defaultCertificate();
  if (fallback.isSelfSigned) {
    warnings.push({
      kind: 'self-signed-default',
      message: `the default ${label(fallback)} is self-signed: mail clients will warn about it; import a certificate for ${fallback.names[0] ?? 'the server name'} (docs/tls.md)`,
      certificate: about(fallback),
    });
  }
  for (const certificate of provider.certificates()) {
    const days = daysLeft(certificate, now);
    if (certificate.notAfter.getTime() < now.getTime()) {
      warnings.push({ kind: 'expired', message: `${label(certificate)} expired on ${certificate.notAfter.toISOString()}`, certificate: about(certificate) });
    } else if (certificate.notBefore.getTime() > now.getTime()) {
      warnings.push({ kind: 'not-yet-valid', message: `${label(certificate)} is not valid before ${certificate.notBefore.toISOString()}`, certificate: about(certificate) });
    } else if (days < soonDays) {
      warnings.push({ kind: 'expires-soon', message: `${label(certificate)} expires in ${days} day${days === 1 ? '' : 's'}, on ${certificate.notAfter.toISOString()}`, certificate: about(certificate) });
    }
  }
  return warnings;
}
