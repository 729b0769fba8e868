// RCPT TO:<forward-path> (RFC 5321 §4.1.1.3): adds a recipient through the delivery path. No RCPT
// parameters are offered, so any is refused with 555 (§4.1.1.11).
import * as replies from '../replies.ts';
import { parseEnvelopeArguments } from '../wire/envelope-arguments.ts';
import { formatMailbox, mailboxIsNonAscii } from '../wire/path.ts';
import { defineCommand, type ParseResult } from './command.ts';

interface RcptArguments {
  address: string;
  nonAscii: boolean;
}

export const rcpt = defineCommand({
  verb: 'RCPT',
  phases: ['envelope'],
  parse: parseRcpt,
  async run(_ctx, state, args) {
    // RFC 6531 §3.5: without SMTPUTF8 on MAIL, a non-ASCII recipient is refused with 553 5.6.7.
    if (args.nonAscii && !state.tx.smtputf8) return replies.nonAsciiAddress;
    return state.tx.addRecipient(args.address);
  },
});

function parseRcpt(text: string): ParseResult<RcptArguments> {
  const parsed = parseEnvelopeArguments(text, 'TO');
  if (!parsed.ok) {
    const reply = { prefix: replies.rcptSyntax, path: replies.recipientSyntax, parameters: replies.parameterSyntax }[parsed.error];
    return { ok: false, reply };
  }
  if (parsed.parameters.length > 0) return { ok: false, reply: replies.unknownParameter };
  switch (parsed.path.kind) {
    case 'null':
      return { ok: false, reply: replies.recipientSyntax };
    case 'postmaster':
      // RFC 5321 §4.5.1: <Postmaster> without a domain must be accepted.
      return { ok: true, args: { address: 'postmaster', nonAscii: false } };
    case 'mailbox':
      return { ok: true, args: { address: formatMailbox(parsed.path.mailbox), nonAscii: mailboxIsNonAscii(parsed.path.mailbox) } };
  }
}
