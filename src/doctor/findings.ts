// What every doctor check reports: findings, each `ok`, `warning` or `error` with a short text that
// says what was found and, for a problem, what to do. A report is as bad as its worst finding; the CLI
// exits 1 when any finding is an error.

export type FindingStatus = 'ok' | 'warning' | 'error';

/** Which question of the certificate review a finding answers (stable names for `--json` and tests). */
export type CertificateCheck =
  | 'connect' // the listener answered and completed a handshake
  | 'chain' // the chain served is complete (every issuer served, up to a root the client knows)
  | 'trust' // the chain ends at a root of the trust store (or --ca)
  | 'self-signed' // the leaf is self-signed: encrypts, but nobody trusts it
  | 'expiry' // validity dates of each certificate served
  | 'hostname' // the name asked for (SNI) is covered (RFC 6125)
  | 'key-match' // the served certificate's public key is the configured key file's
  | 'key-strength' // key type and size
  | 'protocols'; // TLS versions accepted

export interface Finding {
  check: CertificateCheck;
  status: FindingStatus;
  text: string;
}

const RANK: Record<FindingStatus, number> = { ok: 0, warning: 1, error: 2 };

/** The worst status of some findings (`ok` when there are none). */
export function worstStatus(findings: Iterable<{ status: FindingStatus }>): FindingStatus {
  let worst: FindingStatus = 'ok';
  for (const finding of findings) if (RANK[finding.status] > RANK[worst]) worst = finding.status;
  return worst;
}

export function ok(check: CertificateCheck, text: string): Finding {
  return { check, status: 'ok', text };
}

export function warning(check: CertificateCheck, text: string): Finding {
  return { check, status: 'warning', text };
}

export function error(check: CertificateCheck, text: string): Finding {
  return { check, status: 'error', text };
}
