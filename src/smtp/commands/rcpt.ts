// RCPT TO:<forward-path> [NOTIFY=…] [ORCPT=addr-type;xtext] (RFC 5321 §4.1.1.3, RFC 3461 §4.1–4.2):
// adds a recipient through the delivery path, with the DSN parameters the delivery keeps for a relayed
// recipient's notifications. Any other parameter is refused with 555 (RFC 5321 §4.1.1.11).
import type { RecipientDsn } from '../../delivery/types.ts';
import * as replies from '../replies.ts';
import { parseNotify, parseOrcpt } from '../wire/dsn-parameters.ts';
import { parseEnvelopeArguments } from '../wire/envelope-arguments.ts';
import type { EsmtpParameter } from '../wire/parameters.ts';
import { formatMailbox, mailboxIsNonAscii } from '../wire/path.ts';
import { defineCommand, type ParseResult } from './command.ts';

interface RcptArguments {
  address: string;
  /** The path, or the ORCPT value as sent, is not ASCII: only allowed with SMTPUTF8. */
  nonAscii: boolean;
  /** null when RCPT gave neither NOTIFY nor ORCPT. */
  dsn: RecipientDsn | null;
}

export const rcpt = defineCommand({
  verb: 'RCPT',
  phases: ['envelope'],
  parse: parseRcpt,
  async run(_ctx, state, args) {
    // RFC 6531 §3.5: without SMTPUTF8 on MAIL, a non-ASCII recipient is refused with 553 5.6.7; so is
    // an ORCPT in RFC 6533's utf-8-addr-unitext form, which only SMTPUTF8 transactions may carry.
    if (args.nonAscii && !state.tx.smtputf8) return replies.nonAsciiAddress;
    return state.tx.addRecipient(args.address, args.dsn ?? undefined);
  },
});

function parseRcpt(text: string): ParseResult<RcptArguments> {
  const parsed = parseEnvelopeArguments(text, 'TO');
  if (!parsed.ok) {
    const reply = { prefix: replies.rcptSyntax, path: replies.recipientSyntax, parameters: replies.parameterSyntax }[parsed.error];
    return { ok: false, reply };
  }
  const options = parseRcptParameters(parsed.parameters);
  if (!options.ok) return options;
  const { dsn, nonAsciiOrcpt } = options.args;
  switch (parsed.path.kind) {
    case 'null':
      return { ok: false, reply: replies.recipientSyntax };
    case 'postmaster':
      // RFC 5321 §4.5.1: <Postmaster> without a domain must be accepted.
      return { ok: true, args: { address: 'postmaster', nonAscii: nonAsciiOrcpt, dsn } };
    case 'mailbox': {
      const mailbox = parsed.path.mailbox;
      return { ok: true, args: { address: formatMailbox(mailbox), nonAscii: mailboxIsNonAscii(mailbox) || nonAsciiOrcpt, dsn } };
    }
  }
}

function parseRcptParameters(parameters: readonly EsmtpParameter[]): ParseResult<{ dsn: RecipientDsn | null; nonAsciiOrcpt: boolean }> {
  let notify: RecipientDsn['notify'] = null;
  let orcpt: RecipientDsn['orcpt'] = null;
  let nonAsciiOrcpt = false;
  for (const { keyword, value } of parameters) {
    switch (keyword) {
      case 'NOTIFY':
        // RFC 3461 §4.1: NEVER, or any of SUCCESS, FAILURE, DELAY.
        notify = parseNotify(value);
        if (notify === null) return { ok: false, reply: replies.notifySyntax };
        break;
      case 'ORCPT':
        // RFC 3461 §4.2: the recipient as the original sender gave it, e.g. before alias expansion.
        orcpt = parseOrcpt(value);
        if (orcpt === null) return { ok: false, reply: replies.orcptSyntax };
        nonAsciiOrcpt = /[^\x00-\x7f]/.test(value ?? '');
        break;
      default:
        return { ok: false, reply: replies.unknownParameter };
    }
  }
  const dsn = notify === null && orcpt === null ? null : { notify, orcpt };
  return { ok: true, args: { dsn, nonAsciiOrcpt } };
}
