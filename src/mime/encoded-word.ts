// RFC 2047 encoded words (`=?charset?B|Q?text?=`) in unstructured header text and phrases.
// Decoding is lenient, as mail clients are: an encoded word is decoded wherever it appears, and one
// that cannot be decoded (unknown charset) is left exactly as written. Never throws.

/** RFC 2047 §2: encoded-text holds no `?` and no white space. */
const ENCODED_WORD = /=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/g;
/** RFC 2047 §6.2: white space between adjacent encoded words is not displayed. */
const ONLY_WHITE_SPACE = /^[ \t\r\n]*$/;

interface Run {
  charset: string;
  bytes: Buffer[];
  /** The words as written, for an undecodable charset. */
  raw: string;
}

/** RFC 2047 §4.2: `_` is a space, `=XX` a byte in hex, anything else itself. */
function decodeQ(text: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5f) {
      bytes.push(0x20);
    } else if (c === 0x3d && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(c & 0xff);
    }
  }
  return Buffer.from(bytes);
}

/** RFC 2231 §5 lets a charset carry a language (`utf-8*en`); the decoder needs only the charset. */
function charsetOf(token: string): string {
  return (token.split('*')[0] ?? '').toLowerCase();
}

function decodeRun(run: Run): string {
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(run.charset);
  } catch {
    return run.raw;
  }
  return decoder.decode(Buffer.concat(run.bytes));
}

/**
 * Decodes every encoded word in `text`. Adjacent words in the same charset are decoded together, so a
 * multi-byte character split across two words (as many encoders do) comes out whole.
 */
export function decodeEncodedWords(text: string): string {
  if (!text.includes('=?')) return text;
  let out = '';
  let last = 0;
  let run: Run | null = null;
  for (const match of text.matchAll(ENCODED_WORD)) {
    const [word, charsetToken = '', encoding = '', encoded = ''] = match;
    const gap = text.slice(last, match.index);
    last = match.index + word.length;
    const charset = charsetOf(charsetToken);
    const bytes = encoding.toUpperCase() === 'B' ? Buffer.from(encoded, 'base64') : decodeQ(encoded);
    if (run !== null && ONLY_WHITE_SPACE.test(gap)) {
      if (run.charset === charset) {
        run.bytes.push(bytes);
        run.raw += gap + word;
        continue;
      }
      out += decodeRun(run);
    } else {
      if (run !== null) out += decodeRun(run);
      out += gap;
    }
    run = { charset, bytes: [bytes], raw: word };
  }
  if (run !== null) out += decodeRun(run);
  return out + text.slice(last);
}
