// Content-Transfer-Encoding decoding for BINARY[] and BINARY.SIZE (RFC 3516 §4.2): base64 (RFC 2045
// §6.8) and quoted-printable (RFC 2045 §6.7) are undone; the identity encodings need nothing. Any other
// encoding is unknown and answered `NO [UNKNOWN-CTE]` (RFC 3516 §4.3).

const IDENTITY = new Set(['7bit', '8bit', 'binary']);
const DECODED = new Set(['base64', 'quoted-printable']);
const QP_HEX = /^[0-9A-Fa-f]{2}$/;

/** Whether the bytes of a part with this encoding are served as stored. */
export function isIdentityEncoding(encoding: string): boolean {
  return IDENTITY.has(encoding);
}

export function isKnownEncoding(encoding: string): boolean {
  return IDENTITY.has(encoding) || DECODED.has(encoding);
}

/** RFC 2045 §6.7: `=XX` octets, soft line breaks (`=` at a line end) removed, trailing white space dropped. */
function decodeQuotedPrintable(encoded: Buffer): Buffer {
  const lines = encoded.toString('latin1').split('\n');
  // A bare LF line end grows into CRLF: one extra octet per line at most.
  const out = Buffer.alloc(encoded.length + lines.length);
  let length = 0;
  lines.forEach((rawLine, index) => {
    const hadLineEnd = index < lines.length - 1;
    let line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    // Rule 3: trailing white space on a line is not part of the content.
    line = line.replace(/[ \t]+$/, '');
    let soft = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i]!;
      if (c !== '=') {
        out[length++] = line.charCodeAt(i);
        continue;
      }
      if (i === line.length - 1) {
        soft = true;
        break;
      }
      const hex = line.slice(i + 1, i + 3);
      if (QP_HEX.test(hex)) {
        out[length++] = parseInt(hex, 16);
        i += 2;
      } else {
        // A malformed escape is kept literally (RFC 2045 §6.7 note 1: robust decoding).
        out[length++] = 0x3d;
      }
    }
    if (hadLineEnd && !soft) {
      out[length++] = 0x0d;
      out[length++] = 0x0a;
    }
  });
  return out.subarray(0, length);
}

/** The decoded content of a leaf part's body; only for known, non-identity encodings. */
export function decodeTransferEncoding(encoding: string, body: Buffer): Buffer {
  if (encoding === 'base64') return Buffer.from(body.toString('latin1').replace(/[^A-Za-z0-9+/]/g, ''), 'base64');
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(body);
  return body;
}
