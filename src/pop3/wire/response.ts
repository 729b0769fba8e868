// POP3 responses (RFC 1939 §3): `+OK text` / `-ERR [CODE] text` status lines and multi-line bodies
// with byte-stuffing, ended by `.` on its own line. Pure serializers.

/** Response codes: RFC 2449 §8 (IN-USE, LOGIN-DELAY), RFC 3206 (SYS/TEMP, SYS/PERM, AUTH), RFC 6856 (UTF8). */
export type ResponseCode = 'IN-USE' | 'LOGIN-DELAY' | 'SYS/TEMP' | 'SYS/PERM' | 'AUTH' | 'UTF8';

export function formatOk(text: string): string {
  return text === '' ? '+OK\r\n' : `+OK ${text}\r\n`;
}

export function formatErr(text: string, code: ResponseCode | null = null): string {
  return code === null ? `-ERR ${text}\r\n` : `-ERR [${code}] ${text}\r\n`;
}

/** A SASL challenge (RFC 5034 §4): `+ ` and base64. */
export function formatChallenge(challenge: string): string {
  return `+ ${Buffer.from(challenge).toString('base64')}\r\n`;
}

/** The lines of a multi-line body, each byte-stuffed, and the terminating `.` line. */
export function formatLines(lines: readonly string[]): string {
  return lines.map((line) => (line.startsWith('.') ? `.${line}\r\n` : `${line}\r\n`)).join('') + '.\r\n';
}
