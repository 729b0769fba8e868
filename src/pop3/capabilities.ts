// What CAPA lists (RFC 2449 §5, §6) in each state. USER and SASL only where credentials may be sent
// now (RFC 2595 §4: a client must not send them before TLS where TLS is required); STLS only before
// login, on a STARTTLS listener, without TLS yet.
import { SASL_MECHANISMS } from '../auth/index.ts';
import type { Phase } from './session-state.ts';

export function capabilities(options: { phase: Phase; startTlsOffered: boolean; loginAllowed: boolean }): string[] {
  const list = ['TOP', 'UIDL', 'RESP-CODES', 'AUTH-RESP-CODE', 'PIPELINING', 'EXPIRE NEVER', 'LOGIN-DELAY 0'];
  if (options.phase === 'authorization') {
    if (options.startTlsOffered) list.push('STLS');
    if (options.loginAllowed) list.push('USER', `SASL ${SASL_MECHANISMS.join(' ')}`);
    list.push('UTF8');
  }
  list.push('IMPLEMENTATION Mailstead');
  return list;
}
