// The human-readable first part of a delivery status notification (RFC 6522 §3: "a human-readable
// explanation"): what happened, for each recipient, in plain English, in the manner of Postfix's bounce
// text, plus what the sender should do about it.
//
// Contract: returns text with CRLF line endings, wrapped at 72 columns (a word longer than a line is
// split so no line passes 998 octets, RFC 5322 §2.1.1). Addresses and remote replies are shown as
// given (UTF-8 is kept; the caller encodes the part); control characters never pass.
import { formatRfc5322Date } from '../mime/index.ts';
import { diagnosticText, oneLine, remoteMtaOf, statusCode } from './dsn-fields.ts';
import type { DsnRecipient } from './dsn-fields.ts';

export type DsnKind = 'failure' | 'delay' | 'success';

export interface ExplanationInput {
  kind: DsnKind;
  reportingMta: string;
  recipients: readonly DsnRecipient[];
  /** What the third part holds. */
  returned: 'full' | 'headers' | 'none';
  /** Why the full message, when it was wanted, is not attached: over the size limit, or not MIME-safe. */
  notReturned: 'too-large' | 'unsendable' | null;
}

const WIDTH = 72;
const MAX_WORD = 900;
const LABEL = 12;

/** RFC 3463 §3 subject.detail codes senders meet most, in plain words. */
const MEANINGS: Readonly<Record<string, string>> = {
  '1.1': 'the address does not exist there',
  '1.2': 'the domain of the address does not exist or does not take mail',
  '1.3': 'the address is not a valid mail address',
  '1.6': 'the mailbox has moved and has no forwarding address',
  // RFC 7505 §4.2: null MX.
  '1.10': 'the domain of the address does not accept mail',
  '2.1': 'the mailbox is disabled and does not accept messages',
  '2.2': "the recipient's mailbox is full",
  '2.3': 'the message is larger than the mailbox accepts',
  '3.4': 'the message is larger than the receiving system accepts',
  '4.1': 'the receiving mail server did not answer',
  '4.2': 'the connection to the receiving mail server broke off',
  '4.3': 'the name of the destination could not be looked up (DNS failure)',
  '4.4': 'no mail server could be found for the destination',
  '4.6': 'the message went round in a loop between mail servers',
  '4.7': 'the message could not be delivered within the time allowed',
  '7.1': 'the receiving mail server refused the message by its policy',
};

/** RFC 3463 §3 subject classes, for codes without a specific entry. */
const SUBJECTS: Readonly<Record<string, string>> = {
  '1': 'a problem with the address',
  '2': "a problem with the recipient's mailbox",
  '3': 'a problem with the receiving mail system',
  '4': 'a network or routing problem',
  '5': 'a mail protocol problem',
  '6': 'a problem with the content of the message',
  '7': 'refused for security or policy reasons',
};

/** The plain-English reason for a 4.x.x or 5.x.x status; '' for 2.x.x or an unknown subject. */
export function statusMeaning(status: string): string {
  const [, subject = '', detail = ''] = status.split('.');
  const specific = MEANINGS[`${subject}.${detail}`];
  if (specific !== undefined) return specific;
  return SUBJECTS[subject] ?? '';
}

/** Words wrapped at WIDTH after `first` (first line) and `next` (every other line). */
export function wrap(text: string, first: string, next: string): string {
  const words = text.split(' ').flatMap((word) => {
    const pieces: string[] = [];
    for (let at = 0; at < word.length; at += MAX_WORD) pieces.push(word.slice(at, at + MAX_WORD));
    return pieces;
  });
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (const word of words) {
    if (empty || line.length + 1 + word.length <= WIDTH) {
      line += empty ? word : ` ${word}`;
    } else {
      lines.push(line);
      line = next + word;
    }
    empty = false;
  }
  lines.push(line);
  return lines.map((text) => text.trimEnd()).join('\r\n') + '\r\n';
}

function labelled(label: string, text: string): string {
  return wrap(oneLine(text), `  ${label.padEnd(LABEL)}`, ' '.repeat(LABEL + 2));
}

function result(recipient: DsnRecipient): string {
  const status = statusCode(recipient.status, recipient.action);
  const meaning = statusMeaning(status);
  const why = meaning === '' ? `(${status})` : `${meaning} (${status})`;
  const remote = remoteMtaOf(recipient);
  switch (recipient.action) {
    case 'failed':
      return `not delivered: ${why}`;
    case 'delayed':
      return `not delivered yet: ${why}`;
    case 'delivered':
      return remote === undefined ? 'delivered' : `delivered to the receiving mail server ${remote}`;
    case 'relayed':
      // RFC 3464 §2.3.3: relayed = passed on to a system that reports no further.
      return `passed on to ${remote ?? 'the next mail server'}, which does not send delivery reports; this is the last report for this address`;
    case 'expanded':
      return 'delivered to a list or alias, which passed it on to its members; this is the last report for this address';
  }
}

function recipientBlock(recipient: DsnRecipient): string {
  let out = labelled('Recipient:', `<${recipient.finalRecipient}>`);
  // The address as the sender wrote it, when an alias or a rewrite changed more than its case.
  const original = recipient.originalRecipient?.address;
  if (original !== undefined && original.toLowerCase() !== recipient.finalRecipient.toLowerCase()) {
    out += labelled('You wrote:', `<${original}>`);
  }
  out += labelled('Result:', result(recipient));
  const diagnostic = recipient.diagnostic;
  if (diagnostic !== undefined) {
    const text = diagnosticText(diagnostic);
    const remote = remoteMtaOf(recipient);
    const step = 'reply' in diagnostic && diagnostic.reply.step !== undefined ? ` (in reply to ${oneLine(diagnostic.reply.step)})` : '';
    const said = diagnostic.type === 'smtp' && remote !== undefined ? `${remote} said${step}: ${text}` : text;
    if (text !== '') out += labelled('Details:', said);
  }
  if (recipient.willRetryUntil !== undefined) out += labelled('Retrying:', `until ${formatRfc5322Date(recipient.willRetryUntil)}`);
  return out;
}

function introduction(input: ExplanationInput): string[] {
  switch (input.kind) {
    case 'failure':
      return [
        'Your message could not be delivered to one or more of its recipients. The mail system ' +
          'has given up on the addresses marked "not delivered" below and will not try them again.' +
          (input.recipients.some((recipient) => recipient.action === 'delayed')
            ? ' Those marked "not delivered yet" are still being tried.'
            : ''),
      ];
    case 'delay':
      return [
        'Your message has not been delivered yet to the recipients below. This is only a warning: ' +
          'you do not need to send the message again. The mail system keeps trying and will write ' +
          'to you again if it has to give up.',
      ];
    case 'success':
      return ['This is the delivery report you asked for. Your message reached the recipients below.'];
  }
}

function closing(input: ExplanationInput): string[] {
  const out: string[] = [];
  if (input.returned === 'full') {
    out.push('Your message is attached, so you can send it again once the problem is solved.');
  } else if (input.returned === 'headers') {
    const why =
      input.notReturned === 'too-large'
        ? '; the message itself was too large to return'
        : input.notReturned === 'unsendable'
          ? '; the message itself could not be attached as it is'
          : '';
    out.push(`The header of your message is attached${why}.`);
  }
  if (input.kind === 'failure') {
    out.push(
      'If you cannot solve the problem yourself, forward this message to whoever runs your mail ' +
        'service. The technical report below tells them exactly what happened.',
    );
  }
  return out;
}

/** The whole first part, CRLF line endings. */
export function explanation(input: ExplanationInput): string {
  const host = oneLine(input.reportingMta);
  const paragraphs = [`This is the mail system at ${host}.`, ...introduction(input)].map((text) => wrap(text, '', ''));
  const blocks = input.recipients.map(recipientBlock);
  const after = closing(input).map((text) => wrap(text, '', ''));
  return [...paragraphs, ...blocks, ...after].join('\r\n');
}
