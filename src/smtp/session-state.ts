// The SMTP session state (RFC 5321 §4.1.4, RFC 3030 §2) as a discriminated union that carries its
// data: a transaction exists only in the phases that have one.
import type { LineEndingNormaliser } from './wire/line-endings.ts';
import type { SmtpReply } from './wire/reply.ts';
import type { MailTransaction } from './transaction.ts';

export interface Greeting {
  /** The HELO/EHLO argument as given. */
  name: string;
  /** EHLO (true) or HELO. */
  esmtp: boolean;
}

export type SessionState =
  /** Greeted by us; no HELO/EHLO yet (again after STARTTLS, RFC 3207 §4.2). */
  | { phase: 'connected' }
  /** HELO/EHLO done, no transaction. */
  | { phase: 'ready'; greeting: Greeting }
  /** MAIL accepted; RCPT, then DATA or the first BDAT. */
  | { phase: 'envelope'; greeting: Greeting; tx: MailTransaction }
  /** BDAT chunks without LAST received; the decoder holds a CR that ended the last chunk. */
  | { phase: 'chunking'; greeting: Greeting; tx: MailTransaction; decoder: LineEndingNormaliser }
  /** A BDAT chunk was refused: the transaction is gone and later chunks get `reply` until LAST (RFC 3030 §2). */
  | { phase: 'chunks-refused'; greeting: Greeting; reply: SmtpReply };

export type Phase = SessionState['phase'];

export const ALL_PHASES: readonly Phase[] = ['connected', 'ready', 'envelope', 'chunking', 'chunks-refused'];

export function transactionOf(state: SessionState): MailTransaction | null {
  return state.phase === 'envelope' || state.phase === 'chunking' ? state.tx : null;
}

/** The state after RSET, a finished transaction or a refused chunk with LAST: greeted, no transaction. */
export function readyState(state: SessionState): SessionState {
  return state.phase === 'connected' ? state : { phase: 'ready', greeting: state.greeting };
}
