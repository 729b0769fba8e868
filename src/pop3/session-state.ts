// The states of a POP3 session (RFC 1939 §3), each carrying its data: the name given by USER exists
// only while waiting for PASS; the maildrop and its lock only in TRANSACTION.
import type { Account } from '../mail/types.ts';
import type { Maildrop } from './maildrop.ts';

export type SessionState =
  | { readonly phase: 'authorization'; readonly user: string | null }
  | { readonly phase: 'transaction'; readonly account: Account; readonly maildrop: Maildrop }
  /** After QUIT: the session ends once the reply is written. */
  | { readonly phase: 'closed' };

export type Phase = SessionState['phase'];
export type StateIn<P extends Phase> = Extract<SessionState, { readonly phase: P }>;
