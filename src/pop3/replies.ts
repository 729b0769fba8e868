// Named replies used by more than one command (STYLE.md: no reply strings inlined across the code).
import { err, type CommandResult } from './commands/command.ts';

/** RFC 2595 §4 / RFC 8314 §4.1: credentials before TLS on a listener that requires it. */
export const tlsRequired: CommandResult = err('Authentication needs TLS first: use STLS, or port 995', 'AUTH');
/** RFC 3206 §4: the credentials were wrong (answered after auth_failure_delay). */
export const authenticationFailed: CommandResult = err('Authentication failed', 'AUTH');
/** RFC 2449 §8.1.1: another session holds the maildrop (RFC 1939 §8). */
export const maildropInUse: CommandResult = err('Mailbox is locked by another POP3 session', 'IN-USE');
/** RFC 3206 §4: anything unexpected; the cause goes to the log, never on the wire. */
export const internalError: CommandResult = err('Internal error, the failure was logged', 'SYS/TEMP');
