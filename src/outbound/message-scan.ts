// What the transaction must declare about a stored message (RFC 6152, RFC 6531 §3.4): whether any octet
// is above 127 (BODY=8BITMIME), and whether the header section holds UTF-8 (SMTPUTF8, RFC 6532). One
// streaming pass; nothing but the two flags is kept.
import type { Readable } from 'node:stream';

export interface MessageScan {
  eightBit: boolean;
  utf8Header: boolean;
}

const HEADER_END = Buffer.from('\r\n\r\n');

export async function scanMessage(message: Readable): Promise<MessageScan> {
  let eightBit = false;
  let utf8Header = false;
  let inHeader = true;
  // The last three octets of the previous chunk: the header's end may straddle two chunks.
  let tail = Buffer.alloc(0);
  for await (const piece of message) {
    const chunk = piece as Buffer;
    if (inHeader) {
      const joined = Buffer.concat([tail, chunk]);
      const end = joined.indexOf(HEADER_END);
      const header = end === -1 ? joined : joined.subarray(0, end);
      if (!utf8Header && header.some((octet) => octet > 0x7f)) utf8Header = true;
      if (end !== -1) inHeader = false;
      tail = joined.subarray(Math.max(0, joined.length - 3));
    }
    if (!eightBit && chunk.some((octet) => octet > 0x7f)) eightBit = true;
    if (eightBit && (utf8Header || !inHeader)) {
      message.destroy();
      break;
    }
  }
  return { eightBit, utf8Header };
}
