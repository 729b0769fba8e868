// SETQUOTA (RFC 9208 §4.1): limits are set by administrators with `mailstead account quota`, never by
// the user over IMAP, so the command is refused with NOPERM (RFC 9208 §4.1.3 allows it).
import { AUTHENTICATED_PHASES } from '../session-state.ts';
import { always, defineCommand } from './command.ts';

export const setquota = defineCommand({
  name: 'SETQUOTA',
  phases: AUTHENTICATED_PHASES,
  expungeSafe: always,
  run: async () => ({ status: 'NO', code: { name: 'NOPERM' }, text: 'Quotas are set by the administrator' }),
});
