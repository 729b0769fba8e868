// MAIL FROM:<reverse-path> [SIZE=n] [BODY=7BIT|8BITMIME] [SMTPUTF8] [RET=FULL|HDRS] [ENVID=xtext]
// (RFC 5321 §4.1.1.2, RFC 1870, RFC 6152, RFC 6531 §3.4, RFC 3461 §4.3–4.4): starts a transaction with
// the delivery path. RET and ENVID go into the envelope for the notifications of relayed recipients.
import type { Envelope } from '../../delivery/types.ts';
import * as replies from '../replies.ts';
import { MailTransaction } from '../transaction.ts';
import { parseEnvid, parseRet, type DsnRet } from '../wire/dsn-parameters.ts';
import { parseEnvelopeArguments } from '../wire/envelope-arguments.ts';
import type { EsmtpParameter } from '../wire/parameters.ts';
import { formatMailbox, mailboxIsNonAscii } from '../wire/path.ts';
import { defineCommand, type ParseResult } from './command.ts';

interface MailArguments {
  /** '' for the null reverse-path `<>`. */
  sender: string;
  size: number | null;
  smtputf8: boolean;
  /** RFC 3461 RET and ENVID, null when MAIL gave neither. */
  dsn: NonNullable<Envelope['dsn']> | null;
}

export const mail = defineCommand({
  verb: 'MAIL',
  phases: ['ready'],
  needsTls: true,
  parse: parseMail,
  async run(ctx, state, args) {
    // RFC 6409 §4.3: the submission port takes mail from authenticated clients only.
    if (ctx.submission && ctx.authenticated === null) return replies.authRequired;
    const settings = ctx.settings;
    // RFC 1870 §6.1: a declared size over the limit is refused before any data is sent.
    if (args.size !== null && args.size > settings.max_message_size) return replies.messageTooBig;
    const envelope: Envelope = { sender: args.sender, declaredSize: args.size, client: ctx.clientInfo(state.greeting) };
    if (args.dsn !== null) envelope.dsn = args.dsn;
    if (args.smtputf8) envelope.smtputf8 = true;
    const tx = await MailTransaction.start(ctx.delivery, {
      id: ctx.nextTransactionId(),
      envelope,
      smtputf8: args.smtputf8,
      limits: { maxMessageSize: settings.max_message_size, maxRecipients: settings.max_recipients },
      logger: ctx.logger,
    });
    if ('refused' in tx) return replies.senderRefused(tx.refused, args.sender);
    ctx.setState({ phase: 'envelope', greeting: state.greeting, tx });
    return replies.senderOk;
  },
});

function parseMail(text: string): ParseResult<MailArguments> {
  const parsed = parseEnvelopeArguments(text, 'FROM');
  if (!parsed.ok) {
    const reply = { prefix: replies.mailSyntax, path: replies.senderSyntax, parameters: replies.parameterSyntax }[parsed.error];
    return { ok: false, reply };
  }
  if (parsed.path.kind === 'postmaster') return { ok: false, reply: replies.senderSyntax };
  const options = parseMailParameters(parsed.parameters);
  if (!options.ok) return options;
  if (parsed.path.kind === 'null') return { ok: true, args: { sender: '', ...options.args } };
  const mailbox = parsed.path.mailbox;
  if (mailboxIsNonAscii(mailbox) && !options.args.smtputf8) return { ok: false, reply: replies.nonAsciiAddress };
  return { ok: true, args: { sender: formatMailbox(mailbox), ...options.args } };
}

function parseMailParameters(parameters: readonly EsmtpParameter[]): ParseResult<Omit<MailArguments, 'sender'>> {
  let size: number | null = null;
  let smtputf8 = false;
  let ret: DsnRet | null = null;
  let envid: string | null = null;
  for (const { keyword, value } of parameters) {
    switch (keyword) {
      case 'SIZE':
        // RFC 1870 §3: size-value = 1*20DIGIT
        if (value === null || !/^\d{1,20}$/.test(value)) return { ok: false, reply: replies.parameterSyntax };
        size = Number(value);
        break;
      case 'BODY':
        // RFC 6152 §2: 7BIT or 8BITMIME; BINARYMIME (RFC 3030) is not offered.
        if (value === null) return { ok: false, reply: replies.parameterSyntax };
        if (!['7BIT', '8BITMIME'].includes(value.toUpperCase())) return { ok: false, reply: replies.unknownParameter };
        break;
      case 'SMTPUTF8':
        // RFC 6531 §3.4: a keyword without a value.
        if (value !== null) return { ok: false, reply: replies.parameterSyntax };
        smtputf8 = true;
        break;
      case 'RET':
        // RFC 3461 §4.3: FULL or HDRS, what a failure report returns of the message.
        ret = parseRet(value);
        if (ret === null) return { ok: false, reply: replies.retSyntax };
        break;
      case 'ENVID':
        // RFC 3461 §4.4: the sender's id for this transaction, echoed in every report.
        envid = parseEnvid(value);
        if (envid === null) return { ok: false, reply: replies.envidSyntax };
        break;
      default:
        return { ok: false, reply: replies.unknownParameter };
    }
  }
  const dsn = ret === null && envid === null ? null : { ret, envid };
  return { ok: true, args: { size, smtputf8, dsn } };
}
