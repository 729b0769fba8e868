// LIST [n] (RFC 1939 §5): the size of one message, or a scan listing of every message not marked deleted.
import { defineCommand, err, ok } from './command.ts';

export const list = defineCommand({
  name: 'LIST',
  phases: ['transaction'],
  async run(_ctx, state, command) {
    const maildrop = state.maildrop;
    if (command.message !== null) {
      const found = maildrop.lookup(command.message);
      return found.ok ? ok(`${command.message} ${found.message.size}`) : err(found.text);
    }
    const { count, octets } = maildrop.stat();
    const lines = [...maildrop.visible()].map(({ number, message }) => `${number} ${message.size}`);
    return ok(`${count} messages (${octets} octets)`, { lines });
  },
});
