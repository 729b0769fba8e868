// Outbound delivery's public surface.
export { resolveRoute } from './route.ts';
export { isValidHopHost } from './route-hosts.ts';
export { isValidTransportDomain } from './route-transports.ts';
export { DEFAULT_ROUTE_SETTINGS } from './types.ts';
export type {
  AddressPreference,
  DeliveryCandidate,
  NextHop,
  OutboundTls,
  RouteDeps,
  RouteFailure,
  RouteResult,
  RouteSettings,
  RouteVia,
  TransportRoute,
} from './types.ts';
export { createSmtpTransfer, type SmtpTransfer } from './smtp-transfer.ts';
export { transferDestination, type DeliverRoute } from './transfer-destination.ts';
export { DEFAULT_TIMEOUTS, DEFAULT_CONNECTION_REUSE, DEFAULT_MAX_ADDRESSES } from './transfer-options.ts';
export type { TransferOptions, TransferTimeouts, ConnectionReuse } from './transfer-options.ts';
export type {
  TransferDestination,
  TransferAuth,
  OutboundMessage,
  OutboundRecipient,
  DsnNotify,
  TransferResult,
  RecipientResult,
  RecipientOutcome,
  RemoteReply,
  SmtpStep,
  TlsRecord,
  ConnectionAttempt,
} from './transfer-types.ts';
export { createDkimSigner, type DkimSigner, type DkimSignerDeps, type DkimKeySource, type DkimSigningKey, type DkimSignOutcome } from './dkim.ts';
export { generateDkimKey, dkimRecordName, dkimRecordValue, dkimZoneLine, txtCharacterStrings, defaultDkimSelector, type GeneratedDkimKey } from './dkim-record.ts';
export { rewriteSender, rewriteHeaderSection } from './sender-rewrite.ts';
export { scanMessage, type MessageScan } from './message-scan.ts';
