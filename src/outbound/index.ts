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
