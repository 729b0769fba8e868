// CHECK (RFC 3501 §6.4.1; removed in RFC 9051 but still sent by IMAP4rev1 clients): every change is
// durable when its command completes, so there is nothing to checkpoint. The dispatcher's sync after
// the command announces pending changes, as NOOP does.
import { defineCommand, always } from './command.ts';

export const check = defineCommand({
  name: 'CHECK',
  phases: ['selected'],
  expungeSafe: always,
  run: async () => ({ status: 'OK', text: 'CHECK completed' }),
});
