// The DNS layer's public surface: the Resolver contract and its result kinds, the node:dns
// implementation, and name/server-address helpers shared by outbound, policy and doctor.
export type { DnsResult, MxRecord, Resolver, TemporaryReason } from './types.ts';
export { NodeResolver, DEFAULT_DNS_TIMEOUT_MS, DEFAULT_DNS_TRIES, type NodeResolverOptions } from './node-resolver.ts';
export { toDnsName } from './names.ts';
export { parseDnsServer, type DnsServerAddress } from './servers.ts';
