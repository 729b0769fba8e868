// The capabilities a session advertises (RFC 9051 §6.1.1, §7.2.2), as data: one row per capability
// with the condition under which it is offered. A capability is listed only once its commands are
// complete; whoever completes one adds its row here, next to the RFC it comes from (docs/imap.md
// lists the same table for administrators).
import { SASL_MECHANISMS } from '../auth/index.ts';
import type { Phase } from './session-state.ts';
import type { ImapSettings } from './settings.ts';

/** What the list depends on: the connection's state at the moment it is asked. */
export interface CapabilityContext {
  readonly phase: Phase;
  /** The connection is encrypted. */
  readonly tls: boolean;
  /** The listener offers STARTTLS (a `starttls` listener before the upgrade). */
  readonly startTlsOffered: boolean;
  /** LOGIN/AUTHENTICATE are accepted now (TLS, or a listener that does not require it). */
  readonly loginAllowed: boolean;
  /** COMPRESS is already active on this connection (RFC 4978 §3). */
  readonly compressed: boolean;
  readonly settings: ImapSettings;
}

interface CapabilityRow {
  readonly name: string | ((context: CapabilityContext) => string);
  /** Offered only when this holds; always when absent. */
  readonly when?: (context: CapabilityContext) => boolean;
}

const notAuthenticated = (c: CapabilityContext): boolean => c.phase === 'not-authenticated';
const authenticated = (c: CapabilityContext): boolean => c.phase === 'authenticated' || c.phase === 'selected';

const CAPABILITY_TABLE: readonly CapabilityRow[] = [
  { name: 'IMAP4rev1' }, // RFC 3501
  { name: 'IMAP4rev2' }, // RFC 9051
  { name: 'LITERAL+' }, // RFC 7888
  { name: 'SASL-IR', when: notAuthenticated }, // RFC 4959
  { name: 'ID' }, // RFC 2971
  { name: 'ENABLE' }, // RFC 5161
  { name: 'IDLE' }, // RFC 2177
  { name: 'NAMESPACE' }, // RFC 2342
  // RFC 7889 §2: the limit of a single APPEND literal, which the reader enforces.
  { name: (c) => `APPENDLIMIT=${c.settings.max_literal_size}` },
  { name: 'UNSELECT' }, // RFC 3691
  { name: 'UIDPLUS' }, // RFC 4315 (APPENDUID here, COPYUID with COPY/MOVE)
  { name: 'CHILDREN' }, // RFC 3348
  { name: 'LIST-EXTENDED' }, // RFC 5258
  { name: 'LIST-STATUS' }, // RFC 5819
  { name: 'SPECIAL-USE' }, // RFC 6154
  { name: 'CREATE-SPECIAL-USE' }, // RFC 6154 §3
  { name: 'STATUS=SIZE' }, // RFC 8438
  { name: 'OBJECTID' }, // RFC 8474
  { name: 'QUOTA' }, // RFC 9208
  { name: 'QUOTA=RES-STORAGE' }, // RFC 9208 §5.1
  { name: 'QUOTA=RES-MESSAGE' }, // RFC 9208 §5.2
  { name: 'CONDSTORE' }, // RFC 7162 §3.1
  { name: 'QRESYNC' }, // RFC 7162 §3.2
  { name: 'MOVE' }, // RFC 6851
  { name: 'ESEARCH' }, // RFC 4731
  { name: 'SEARCHRES' }, // RFC 5182
  { name: 'SORT' }, // RFC 5256
  { name: 'THREAD=ORDEREDSUBJECT' }, // RFC 5256
  { name: 'THREAD=REFERENCES' }, // RFC 5256
  { name: 'BINARY' }, // RFC 3516
  // RFC 6855: UTF-8 mailbox names, quoted strings and APPEND UTF8 once enabled (ENABLE, RFC 5161).
  { name: 'UTF8=ACCEPT' },
  // RFC 4978 §3: offered once authenticated and until active.
  { name: 'COMPRESS=DEFLATE', when: (c) => authenticated(c) && !c.compressed },
  // RFC 9051 §6.2.1: STARTTLS only where the listener upgrades and before it has.
  { name: 'STARTTLS', when: (c) => notAuthenticated(c) && c.startTlsOffered && !c.tls },
  // RFC 9051 §6.2.3: LOGINDISABLED and no AUTH= while credentials would travel in clear text.
  { name: 'LOGINDISABLED', when: (c) => notAuthenticated(c) && !c.loginAllowed },
  // RFC 4616 PLAIN, draft-murchison-sasl-login LOGIN.
  ...SASL_MECHANISMS.map((mechanism) => ({ name: `AUTH=${mechanism}`, when: (c: CapabilityContext) => notAuthenticated(c) && c.loginAllowed })),
];

export function advertisedCapabilities(context: CapabilityContext): string[] {
  return CAPABILITY_TABLE.filter((row) => row.when === undefined || row.when(context)).map((row) =>
    typeof row.name === 'string' ? row.name : row.name(context),
  );
}
