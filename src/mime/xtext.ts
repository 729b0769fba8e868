// The 7-bit encodings of DSN parameters and report fields: xtext (RFC 3461 §4) for ENVID and ORCPT
// values, and utf-8-addr-xtext (RFC 6533 §3) for non-ASCII addresses.

/** RFC 3461 §4: xtext, "+" and two upper-case hex digits for anything outside "!".."~" and for "+" and "=". */
export function xtext(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    out += byte >= 0x21 && byte <= 0x7e && byte !== 0x2b && byte !== 0x3d ? String.fromCharCode(byte) : `+${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** RFC 6533 §3 utf-8-addr-xtext: QCHARs as they are, everything else as \x{HEX}; 7-bit, valid with or without SMTPUTF8. */
export function utf8AddrXtext(address: string): string {
  let out = '';
  for (const char of address) {
    const point = char.codePointAt(0) ?? 0;
    const qchar = point >= 0x21 && point <= 0x7e && char !== '\\' && char !== '+' && char !== '=';
    out += qchar ? char : `\\x{${point.toString(16).toUpperCase().padStart(2, '0')}}`;
  }
  return out;
}
