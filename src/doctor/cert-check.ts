// The certificate review of `mailstead cert check`: connects to each TLS listener as a client would
// (implicit TLS from the first byte, RFC 8314 §3.3; STARTTLS after the plain-text opening, RFC 3207,
// RFC 9051 §6.2.1, RFC 2595 §4), once per server name asked for by SNI (RFC 6066 §3), and reviews what
// it serves: the chain, whether it is complete and verifies against the trust anchors, each
// certificate's validity, whether the name is covered (RFC 6125), the key's type and size, whether the
// key is the configured key file's; then which TLS versions the listener accepts (RFC 8996).
//
// Contract: never throws for what the server does (a refused connection, a failed handshake, a bad
// certificate are findings); every connection is bounded by `timeoutMs` and closed. Listeners with
// `tls = "none"` are listed as skipped. `report.status` is the worst finding: `error` means a client
// will (or soon will) fail, `warning` that something needs attention (expiry within 30 days,
// self-signed), `ok` that nothing does.
import type { X509Certificate } from 'node:crypto';
import { certificateHostNames } from '../tls/index.ts';
import { displayName, reviewChain, type ChainReview } from './chain-review.ts';
import { describeKey, daysToExpiry, expiryFinding, hostnameFinding, keyMatchFinding, keyStrengthFinding, type KeyFileView } from './certificate-checks.ts';
import { configuredFor, type ConfiguredCertificate } from './configured-certificates.ts';
import { error, ok, warning, worstStatus, type Finding, type FindingStatus } from './findings.ts';
import { probeVersions, versionsFinding, type AcceptedVersions } from './protocol-versions.ts';
import { isSelfSigned } from '../tls/index.ts';
import type { TrustAnchors } from './trust-anchors.ts';
import { probeTls, type ProbeTarget } from './tls-probe.ts';

/** A listener to review: a configured one with its bound port. */
export interface CertCheckTarget {
  protocol: string;
  address: string;
  port: number;
  tls: 'none' | 'starttls' | 'implicit';
}

export interface CertCheckOptions {
  /** Names asked for by SNI, one review each (at least one: the server's hostname). */
  serverNames: readonly string[];
  /** The name SMTP's EHLO gives. */
  ehloName: string;
  anchors: TrustAnchors;
  /** The configured pairs as on disk (key comparison); without them the key-match check is left out. */
  configured?: readonly ConfiguredCertificate[];
  /** The clock's time (ms): validity is judged at this moment. */
  now: number;
  /** Bound of each connection; default 10 s. */
  timeoutMs?: number;
}

/** One certificate as served. Dates are ISO 8601; `daysToExpiry` is negative once expired. */
export interface ChainCertificate {
  subject: string;
  issuer: string;
  /** DNS names (subjectAltName; the CN when there is none), lower case. */
  names: readonly string[];
  serialNumber: string;
  fingerprint256: string;
  notBefore: string;
  notAfter: string;
  daysToExpiry: number;
  selfSigned: boolean;
  ca: boolean;
}

/** What one listener served for one SNI name, and the findings about it. */
export interface ServedCertificate {
  serverName: string;
  status: FindingStatus;
  /** Negotiated by a handshake without version limits. */
  protocol: string;
  cipher: string;
  /** Leaf first, as served. */
  chain: ChainCertificate[];
  complete: boolean;
  trusted: boolean;
  selfSigned: boolean;
  hostnameCovered: boolean;
  /** null when no configured key file was compared. */
  keyMatches: boolean | null;
  keyFile: string | null;
  keyType: string;
  keyBits: number | null;
  findings: Finding[];
}

export interface ListenerReport {
  protocol: string;
  address: string;
  port: number;
  tls: 'starttls' | 'implicit';
  /** Where the review connected (a wildcard address becomes loopback). */
  host: string;
  status: FindingStatus;
  /** A TCP connection could be opened. */
  reachable: boolean;
  /** null when not probed (no handshake succeeded). */
  protocols: AcceptedVersions | null;
  /** About the listener: connection, TLS versions. */
  findings: Finding[];
  /** One per server name whose handshake succeeded. */
  certificates: ServedCertificate[];
}

export interface CertCheckReport {
  status: FindingStatus;
  errors: number;
  warnings: number;
  /** Where the trust anchors came from: "the system trust store" or the CA file. */
  trustStore: string;
  checkedAt: string;
  listeners: ListenerReport[];
  /** Listeners without TLS, not reviewed. */
  skipped: Array<{ protocol: string; address: string; port: number; reason: string }>;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/** A wildcard bind address is reached through loopback of its family. */
export function connectAddress(address: string): string {
  if (address === '' || address === '0.0.0.0') return '127.0.0.1';
  if (address === '::' || address === '[::]') return '::1';
  return address.replace(/^\[(.*)\]$/, '$1');
}

function chainEntry(cert: X509Certificate, now: number): ChainCertificate {
  return {
    subject: cert.subject.replace(/\n/g, ', '),
    issuer: cert.issuer.replace(/\n/g, ', '),
    names: certificateHostNames(cert),
    serialNumber: cert.serialNumber,
    fingerprint256: cert.fingerprint256,
    notBefore: cert.validFromDate.toISOString(),
    notAfter: cert.validToDate.toISOString(),
    daysToExpiry: daysToExpiry(cert.validToDate, now),
    selfSigned: isSelfSigned(cert),
    ca: cert.ca,
  };
}

/** The chain and trust findings; a self-signed leaf is one warning, not an untrusted-chain error. */
function chainFindings(chain: readonly X509Certificate[], review: ChainReview, anchors: TrustAnchors): Finding[] {
  if (review.selfSigned) {
    if (review.trusted) return [ok('self-signed', `self-signed, and trusted by ${anchors.source}`)];
    return [warning('self-signed', 'self-signed: the connection is encrypted but clients cannot verify it (fine while bootstrapping); get a certificate from a CA, e.g. with ACME')];
  }
  if (!review.complete) {
    return [error('chain', `incomplete: ${review.problem ?? 'an issuer is missing'}; serve the intermediate certificates after your own (the full chain, e.g. fullchain.pem)`)];
  }
  const served = chain.map(displayName);
  const root = review.root !== null && !chain.includes(review.root) ? [`${displayName(review.root)} (not served)`] : [];
  const findings = [ok('chain', `complete: ${[...served, ...root].join(' → ')}`)];
  if (review.trusted) findings.push(ok('trust', `verifies against ${anchors.source}`));
  else findings.push(error('trust', `does not verify: ${review.problem ?? 'no trusted root'}; a certificate from a private CA checks with --ca FILE`));
  return findings;
}

function reviewServed(serverName: string, served: { protocol: string; cipher: string; chain: X509Certificate[] }, options: CertCheckOptions): ServedCertificate {
  const leaf = served.chain[0];
  const base = { serverName, protocol: served.protocol, cipher: served.cipher, chain: served.chain.map((cert) => chainEntry(cert, options.now)) };
  if (leaf === undefined) {
    const findings = [error('chain', 'the server sent no certificate')];
    return { ...base, status: 'error', complete: false, trusted: false, selfSigned: false, hostnameCovered: false, keyMatches: null, keyFile: null, keyType: 'none', keyBits: null, findings };
  }
  const review = reviewChain(served.chain, options.anchors);
  const findings = chainFindings(served.chain, review, options.anchors);
  served.chain.forEach((cert, index) => findings.push(expiryFinding(cert, options.now, index === 0)));
  const hostname = hostnameFinding(leaf, serverName);
  findings.push(hostname);
  const key = describeKey(leaf.publicKey);
  findings.push(keyStrengthFinding(key));
  const configured: KeyFileView | undefined = options.configured === undefined ? undefined : configuredFor(options.configured, leaf, serverName);
  const keyMatch = configured === undefined ? undefined : keyMatchFinding(leaf, configured);
  if (keyMatch) findings.push(keyMatch);
  return {
    ...base,
    status: worstStatus(findings),
    complete: review.complete,
    trusted: review.trusted,
    selfSigned: review.selfSigned,
    hostnameCovered: hostname.status === 'ok',
    keyMatches: keyMatch === undefined ? null : keyMatch.status === 'ok',
    keyFile: configured?.keyFile ?? null,
    keyType: key.curve === null ? key.type : `${key.type} ${key.curve}`,
    keyBits: key.bits,
    findings,
  };
}

const STAGE_TEXT = { connect: 'cannot connect', starttls: 'STARTTLS failed', handshake: 'TLS handshake failed' } as const;

async function checkListener(target: CertCheckTarget & { tls: 'starttls' | 'implicit' }, options: CertCheckOptions): Promise<ListenerReport> {
  const host = connectAddress(target.address);
  const probeTarget: ProbeTarget = { protocol: target.protocol, host, port: target.port, tls: target.tls };
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const findings: Finding[] = [];
  const certificates: ServedCertificate[] = [];
  let reachable = false;
  for (const serverName of options.serverNames) {
    const result = await probeTls(probeTarget, { serverName, ehloName: options.ehloName, timeoutMs });
    if (result.ok) {
      reachable = true;
      certificates.push(reviewServed(serverName, result, options));
      continue;
    }
    if (result.stage === 'connect' && !reachable) {
      findings.push(error('connect', `${STAGE_TEXT.connect} to ${host} port ${target.port}: ${result.error}`));
      break;
    }
    reachable = true;
    findings.push(error('connect', `${STAGE_TEXT[result.stage]} (SNI ${serverName}): ${result.error}`));
  }
  let protocols: AcceptedVersions | null = null;
  const first = certificates[0];
  if (first !== undefined) {
    findings.unshift(ok('connect', `${first.protocol} handshake (${first.cipher})`));
    protocols = await probeVersions(probeTarget, { serverName: options.serverNames[0], ehloName: options.ehloName, timeoutMs });
    findings.push(versionsFinding(protocols));
  }
  const status = worstStatus([...findings, ...certificates]);
  return { protocol: target.protocol, address: target.address, port: target.port, tls: target.tls, host, status, reachable, protocols, findings, certificates };
}

function isTlsTarget(target: CertCheckTarget): target is CertCheckTarget & { tls: 'starttls' | 'implicit' } {
  return target.tls !== 'none';
}

export async function checkCertificates(targets: readonly CertCheckTarget[], options: CertCheckOptions): Promise<CertCheckReport> {
  if (options.serverNames.length === 0) throw new Error('checkCertificates needs at least one server name');
  const listeners = await Promise.all(targets.filter(isTlsTarget).map((target) => checkListener(target, options)));
  const skipped = targets.filter((target) => !isTlsTarget(target)).map((t) => ({ protocol: t.protocol, address: t.address, port: t.port, reason: 'no TLS (tls = "none")' }));
  const all = listeners.flatMap((listener) => [...listener.findings, ...listener.certificates.flatMap((served) => served.findings)]);
  return {
    status: worstStatus(all),
    errors: all.filter((finding) => finding.status === 'error').length,
    warnings: all.filter((finding) => finding.status === 'warning').length,
    trustStore: options.anchors.source,
    checkedAt: new Date(options.now).toISOString(),
    listeners,
    skipped,
  };
}
