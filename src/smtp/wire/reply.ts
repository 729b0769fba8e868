// SMTP replies as values, and their wire form (RFC 5321 §4.2). A reply carries its basic code, its
// enhanced status code (RFC 3463, advertised by ENHANCEDSTATUSCODES, RFC 2034) and one or more lines.

export interface SmtpReply {
  readonly code: number;
  /** "5.1.1"; null for the replies RFC 2034 §3 leaves without one (220 greeting, EHLO/HELO, 354). */
  readonly enhanced: string | null;
  readonly lines: readonly [string, ...string[]];
}

export function smtpReply(code: number, enhanced: string | null, ...lines: [string, ...string[]]): SmtpReply {
  return { code, enhanced, lines };
}

/**
 * `250-first\r\n250 last\r\n`: every line but the last has a hyphen after the code (RFC 5321 §4.2.1)
 * and, with an enhanced code, every line repeats it (RFC 2034 §4). CR and LF inside a text cannot end
 * the reply early: they become spaces.
 */
export function serializeReply(reply: SmtpReply): string {
  const last = reply.lines.length - 1;
  let out = '';
  reply.lines.forEach((line, index) => {
    const text = line.replace(/[\r\n]/g, ' ');
    const body = reply.enhanced === null ? text : text === '' ? reply.enhanced : `${reply.enhanced} ${text}`;
    out += `${reply.code}${index === last ? ' ' : '-'}${body}\r\n`;
  });
  return out;
}
