// From a resolved route to what the SMTP transfer needs: the candidates, the hop's TLS and AUTH, and the
// destination key that connection reuse and the per-destination connection limit are counted by.
// As Postfix counts concurrency per next hop: MX delivery per recipient domain, a configured hop
// (transport route or smart host) per host and port, so every domain relayed through one smart host
// shares its connections and its limit.
import type { RouteResult } from './types.ts';
import type { TransferDestination } from './transfer-types.ts';

export type DeliverRoute = Extract<RouteResult, { kind: 'deliver' }>;

/** `domain` is the recipients' domain the route was resolved for. */
export function transferDestination(domain: string, route: DeliverRoute): TransferDestination {
  const via = route.via;
  if (via.kind === 'mx' || via.kind === 'address-literal') return { key: domain.toLowerCase(), candidates: route.candidates, tls: 'opportunistic' };
  const hop = via.kind === 'transport' ? via.route : via.hop;
  return {
    key: `hop:${hop.host.toLowerCase()}:${hop.port}`,
    candidates: route.candidates,
    tls: hop.tls,
    auth: hop.auth,
    ...(hop.verifyCertificate === undefined ? {} : { verifyCertificate: hop.verifyCertificate }),
  };
}
