// What the server's own ways in share: the client of a trusted local submission (pickup folder,
// `mailstead sendmail`, the queue's notifications) and the primary local domain that bare names
// (`root`, `postmaster`) belong to.
import type { ClientInfo } from './types.ts';

/** A trusted local submission (ClientInfo.local): it may relay, and its sender is not checked. */
export function localClient(sessionId: string, helo = 'localhost'): ClientInfo {
  return { sessionId, address: '127.0.0.1', port: 0, helo, tls: null, authenticatedAs: null, inRelayNetwork: false, local: true };
}

/** The first domain created that is not a domain alias (its lowest id), lowercased; null without one. */
export function primaryLocalDomain(domains: ReadonlyArray<{ id: number; name: string; aliasOf: string | null }>): string | null {
  let first: { id: number; name: string } | null = null;
  for (const domain of domains) if (domain.aliasOf === null && (first === null || domain.id < first.id)) first = domain;
  return first?.name.toLowerCase() ?? null;
}
