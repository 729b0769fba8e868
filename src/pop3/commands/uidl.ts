// UIDL [n] (RFC 1939 §7): the unique-id listing (`<UIDVALIDITY>.<UID>`, src/pop3/maildrop.ts).
import { defineCommand, err, ok } from './command.ts';

export const uidl = defineCommand({
  name: 'UIDL',
  phases: ['transaction'],
  async run(_ctx, state, command) {
    const maildrop = state.maildrop;
    if (command.message !== null) {
      const found = maildrop.lookup(command.message);
      return found.ok ? ok(`${command.message} ${found.message.uniqueId}`) : err(found.text);
    }
    const lines = [...maildrop.visible()].map(({ number, message }) => `${number} ${message.uniqueId}`);
    return ok('Unique-ID listing follows', { lines });
  },
});
