// Public surface of delivery/: recipient resolution, the router (the DeliveryTarget front ends use) and
// its SRS settings.
export type { ClientInfo, Envelope, RejectKind, Verdict, CommitResult, DeliveryTransaction, DeliveryTarget } from './types.ts';
export { normaliseAddress, splitAddress, joinAddress, relayAddress, splitSubaddress, type AddressParts } from './address.ts';
export { resolveRecipient, type RecipientDirectory, type ResolveOptions, type ResolvedAccount, type ResolvedForward, type Resolution } from './resolve.ts';
export { createRouter, type LocalDeliveryReport, type Router, type RouterDeps, type RouterOptions } from './router.ts';
export { srsSettings, DEFAULT_SRS_SETTINGS, SRS_SECRET_SETTING, type SrsSettings } from './srs-rewriting.ts';
export { localClient, primaryLocalDomain } from './local-origin.ts';
