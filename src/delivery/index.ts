// Public surface of delivery/: recipient resolution and the router (the DeliveryTarget front ends use).
export type { ClientInfo, Envelope, RejectKind, Verdict, CommitResult, DeliveryTransaction, DeliveryTarget } from './types.ts';
export { normaliseAddress, splitAddress, joinAddress, relayAddress, splitSubaddress, type AddressParts } from './address.ts';
export { resolveRecipient, type RecipientDirectory, type ResolveOptions, type ResolvedAccount, type Resolution } from './resolve.ts';
export { createRouter, type Router, type RouterDeps, type RouterOptions } from './router.ts';
