// One command line → verb and argument text (RFC 5321 §2.4, §4.1.1). The connection hands over the
// bytes before LF; a CR just before it is the usual terminator. Lines are UTF-8 (RFC 6531 §3.3 lets
// MAIL and RCPT carry UTF-8 addresses); anything else, and control characters, are a typed error.

export type CommandLineError = 'invalid-characters';

export type ParsedCommandLine =
  | { ok: true; verb: string; args: string }
  | { ok: false; error: CommandLineError };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** C0 controls and DEL: a NUL, a TAB or a bare CR inside a command is never valid (RFC 5321 §4.1.1 uses SP only). */
const CONTROL = /[\u0000-\u001f\u007f]/;

export function parseCommandLine(bytes: Uint8Array): ParsedCommandLine {
  const end = bytes.length > 0 && bytes[bytes.length - 1] === 0x0d ? bytes.length - 1 : bytes.length;
  let text: string;
  try {
    text = utf8.decode(bytes.subarray(0, end));
  } catch {
    return { ok: false, error: 'invalid-characters' };
  }
  if (CONTROL.test(text)) return { ok: false, error: 'invalid-characters' };
  const space = text.indexOf(' ');
  const verb = (space === -1 ? text : text.slice(0, space)).toUpperCase();
  const args = space === -1 ? '' : text.slice(space + 1).trim();
  return { ok: true, verb, args };
}
