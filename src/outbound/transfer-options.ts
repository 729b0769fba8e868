// Settings of the outbound SMTP transfer, with the defaults RFC 5321 §4.5.3.2 recommends for waiting on
// a remote server and Postfix's for what the RFC leaves open. Everything is overridable (tests use
// short timeouts); resolveTransferOptions fills the gaps once, so the rest of the code sees whole values.
import type tls from 'node:tls';
import type { Logger } from '../log/index.ts';

export interface TransferTimeouts {
  /** TCP connect (and the implicit-TLS handshake). Postfix smtp_connect_timeout: 30 s. */
  connectMs: number;
  /** The 220 greeting: 5 minutes (RFC 5321 §4.5.3.2.1). */
  greetingMs: number;
  /** EHLO, STARTTLS and its handshake, AUTH, MAIL, RCPT, RSET: 5 minutes (§4.5.3.2.2, §4.5.3.2.3). */
  commandMs: number;
  /** The 354 to DATA: 2 minutes (§4.5.3.2.4). */
  dataStartMs: number;
  /** Each blocked write of message data: 3 minutes (§4.5.3.2.5). */
  dataBlockMs: number;
  /** The reply to the final dot: 10 minutes (§4.5.3.2.6), the server may be filtering the message. */
  dataEndMs: number;
}

export interface ConnectionReuse {
  /** Connections open at once to one destination key (busy and idle). */
  maxPerDestination: number;
  /** How long a finished session waits for the next message before QUIT (Postfix: 2 s; servers allow 5 min). */
  idleMs: number;
  /** Messages one connection carries before it is closed. */
  maxMessages: number;
  /** How long a delivery waits for a free connection slot before it is deferred. */
  waitMs: number;
}

export interface TransferOptions {
  /** HELO/EHLO name: the config's `hostname`. */
  ehloName: string;
  /** Source address per family (Postfix smtp_bind_address / smtp_bind_address6); unset = the kernel's choice. */
  localAddress?: { ipv4?: string; ipv6?: string };
  timeouts?: Partial<TransferTimeouts>;
  connections?: Partial<ConnectionReuse>;
  /** Addresses tried per delivery, over all candidates (Postfix smtp_mx_address_limit: 5). */
  maxAddresses?: number;
  /** Extra trust anchors (PEM) added to Node's bundled roots: private CAs of smart hosts, tests. */
  ca?: tls.ConnectionOptions['ca'];
  logger: Logger;
}

export interface ResolvedTransferOptions {
  ehloName: string;
  localAddress: { ipv4?: string; ipv6?: string };
  timeouts: TransferTimeouts;
  connections: ConnectionReuse;
  maxAddresses: number;
  ca: tls.ConnectionOptions['ca'] | undefined;
  logger: Logger;
}

export const DEFAULT_TIMEOUTS: TransferTimeouts = {
  connectMs: 30_000,
  greetingMs: 300_000,
  commandMs: 300_000,
  dataStartMs: 120_000,
  dataBlockMs: 180_000,
  dataEndMs: 600_000,
};

export const DEFAULT_CONNECTION_REUSE: ConnectionReuse = {
  maxPerDestination: 10,
  idleMs: 5_000,
  maxMessages: 100,
  waitMs: 300_000,
};

export const DEFAULT_MAX_ADDRESSES = 5;

export function resolveTransferOptions(options: TransferOptions): ResolvedTransferOptions {
  return {
    ehloName: options.ehloName,
    localAddress: options.localAddress ?? {},
    timeouts: { ...DEFAULT_TIMEOUTS, ...options.timeouts },
    connections: { ...DEFAULT_CONNECTION_REUSE, ...options.connections },
    maxAddresses: options.maxAddresses ?? DEFAULT_MAX_ADDRESSES,
    ca: options.ca,
    logger: options.logger,
  };
}
