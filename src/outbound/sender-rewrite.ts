// Sender rewriting for smart hosts that accept only their own account as sender (Gmail, Yandex, many
// ISPs: "553 Sender address rejected: not owned by user"): the envelope sender becomes the configured
// address (the caller sets it), and so does the `From:` address, keeping its display name; the original
// `From:` address goes into a `Reply-To:` when the message has none, so replies still reach the author.
// A `Sender:` field is dropped, since it would name someone the provider does not know.
//
// Streaming: only the header section is held (bounded by MAX_HEADER, past which the message passes
// unchanged); the body is passed through as it comes.
import type { Readable } from 'node:stream';
import { parseAddressList } from '../mime/index.ts';

const MAX_HEADER = 1024 * 1024;
const HEADER_END = Buffer.from('\r\n\r\n');

/** The message with its header section rewritten for `sender`. */
export async function* rewriteSender(message: Readable, sender: string): AsyncGenerator<Buffer> {
  let held = Buffer.alloc(0);
  let done = false;
  for await (const piece of message) {
    const chunk = piece as Buffer;
    if (done) {
      yield chunk;
      continue;
    }
    held = Buffer.concat([held, chunk]);
    const end = held.indexOf(HEADER_END);
    if (end === -1 && held.length <= MAX_HEADER) continue;
    done = true;
    if (end === -1) {
      yield held;
      continue;
    }
    yield Buffer.from(rewriteHeaderSection(held.subarray(0, end + 2).toString('latin1'), sender), 'latin1');
    yield held.subarray(end + 2);
  }
  if (!done && held.length > 0) yield Buffer.from(rewriteHeaderSection(held.toString('latin1'), sender), 'latin1');
}

/** A display name as an RFC 5322 phrase: quoted when it holds specials (encoded words stay as they are). */
function phrase(name: string): string {
  return /[()<>[\]:;@\\,."]/.test(name) && !/^=\?.*\?=$/.test(name) ? `"${name.replace(/["\\]/g, '\\$&')}"` : name;
}

/** The header section (fields ending in CRLF) with From, Reply-To and Sender rewritten. */
export function rewriteHeaderSection(section: string, sender: string): string {
  const fields: string[] = [];
  for (const line of section.split(/(?<=\r\n)/)) {
    if (line === '') continue;
    if ((line.startsWith(' ') || line.startsWith('\t')) && fields.length > 0) fields[fields.length - 1] += line;
    else fields.push(line);
  }
  const nameOf = (field: string): string => field.slice(0, Math.max(0, field.indexOf(':'))).trim().toLowerCase();
  const hasReplyTo = fields.some((field) => nameOf(field) === 'reply-to');
  let out = '';
  for (const field of fields) {
    const name = nameOf(field);
    if (name === 'sender') continue;
    if (name !== 'from') {
      out += field;
      continue;
    }
    const value = field.slice(field.indexOf(':') + 1).replace(/\r\n$/, '');
    const first = parseAddressList(value)?.find((address) => address.mailbox !== null && address.host !== null);
    const display = first?.name ? `${phrase(first.name)} ` : '';
    out += `From: ${display}<${sender}>\r\n`;
    if (!hasReplyTo && first !== undefined) out += `Reply-To:${value}\r\n`;
  }
  return out;
}
