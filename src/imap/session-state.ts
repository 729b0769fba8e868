// IMAP connection states (RFC 9051 §3) as a discriminated union that carries its data: the account
// exists only once authenticated, the mailbox view only while a mailbox is selected.
import type { Account } from '../mail/types.ts';
import type { MailboxView } from './mailbox-view.ts';

export type SessionState =
  | { readonly phase: 'not-authenticated' }
  | { readonly phase: 'authenticated'; readonly account: Account }
  | { readonly phase: 'selected'; readonly account: Account; readonly view: MailboxView }
  | { readonly phase: 'logout' };

export type Phase = SessionState['phase'];

export type StateIn<P extends Phase> = Extract<SessionState, { phase: P }>;

export const AUTHENTICATED_PHASES = ['authenticated', 'selected'] as const;
export const ANY_PHASE = ['not-authenticated', 'authenticated', 'selected'] as const;
