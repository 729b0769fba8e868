// Whether a served chain is complete and leads to a trusted root. A server must send its certificate
// followed by every intermediate up to (not necessarily including) a root (RFC 8446 §4.4.2, RFC 5246
// §7.4.2); clients do not fetch missing ones (most mail clients never do), so a missing intermediate
// fails where a browser with a cache might not.
//
// The path is built from the leaf: each step takes an issuer among the served certificates (names, key
// identifiers and signature, RFC 5280 §6.1), else a trust anchor. It is complete when it reaches an
// anchor or a self-signed certificate, trusted when that is an anchor. Validity dates are the expiry
// check's, not this one's, so an expired chain still shows whether it is complete.
import type { X509Certificate } from 'node:crypto';
import { isSelfSigned, issued } from '../tls/index.ts';
import { anchorFor, type TrustAnchors } from './trust-anchors.ts';

export interface ChainReview {
  /** Every issuer up to a root was served or is a trust anchor. */
  complete: boolean;
  /** The path ends at a trust anchor. */
  trusted: boolean;
  /** The leaf is its own issuer. */
  selfSigned: boolean;
  /** The root the path ends at (served or from the trust anchors), when it reached one. */
  root: X509Certificate | null;
  /** Why the chain is not complete or not trusted; null when it is both. */
  problem: string | null;
}

/** Longest path followed (a leaf, intermediates and a root; real ones are 2 to 4 long). */
const MAX_DEPTH = 10;

/** A certificate for reports: its CN when it has one, else its whole subject. */
export function displayName(cert: X509Certificate): string {
  const cn = /(?:^|\n)CN=([^\n]*)/.exec(cert.subject)?.[1];
  return cn ?? cert.subject.replace(/\n/g, ', ');
}

function issuerName(cert: X509Certificate): string {
  const cn = /(?:^|\n)CN=([^\n]*)/.exec(cert.issuer)?.[1];
  return cn ?? cert.issuer.replace(/\n/g, ', ');
}

export function reviewChain(chain: readonly X509Certificate[], anchors: TrustAnchors): ChainReview {
  const leaf = chain[0];
  if (leaf === undefined) return { complete: false, trusted: false, selfSigned: false, root: null, problem: 'the server sent no certificate' };
  const selfSigned = isSelfSigned(leaf);
  const used = new Set<X509Certificate>([leaf]);
  let current = leaf;
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    if (isSelfSigned(current)) {
      const anchor = anchorFor(anchors, current);
      if (anchor) return { complete: true, trusted: true, selfSigned, root: anchor, problem: null };
      const what = current === leaf ? 'the certificate is self-signed' : `the chain ends at the root "${displayName(current)}"`;
      return { complete: true, trusted: false, selfSigned, root: current, problem: `${what}, which is not in ${anchors.source}` };
    }
    const served = chain.find((candidate) => !used.has(candidate) && issued(candidate, current));
    if (served === undefined) {
      const anchor = anchorFor(anchors, current);
      if (anchor) return { complete: true, trusted: true, selfSigned, root: anchor, problem: null };
      return {
        complete: false,
        trusted: false,
        selfSigned,
        root: null,
        problem: `the issuer of "${displayName(current)}" ("${issuerName(current)}") was not served and is not a root in ${anchors.source}`,
      };
    }
    if (!served.ca) {
      return { complete: true, trusted: false, selfSigned, root: null, problem: `"${displayName(served)}" signs "${displayName(current)}" but is not a CA certificate (basicConstraints)` };
    }
    used.add(served);
    current = served;
  }
  return { complete: false, trusted: false, selfSigned, root: null, problem: `the chain is longer than ${MAX_DEPTH} certificates` };
}
