// Table tests of the DSN encodings in src/mime/xtext.ts, both ways: xtext (RFC 3461 §4) and
// utf-8-addr-xtext / utf-8-addr-unitext (RFC 6533 §3). Kept beside the SMTP DSN tests that use them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeUtf8AddrXtext, decodeXtext, utf8AddrXtext, xtext } from '../../src/mime/index.ts';
import { prng } from '../helpers/prng.ts';

// [decoded, encoded]: xtext(decoded) === encoded and decodeXtext(encoded) === decoded.
const XTEXT_PAIRS: Array<[string, string]> = [
  ['', ''],
  ['abc', 'abc'],
  ['QQ-1234.5@client.example', 'QQ-1234.5@client.example'],
  ['a+b=c', 'a+2Bb+3Dc'],
  ['two words', 'two+20words'],
  ['tab\there', 'tab+09here'],
  ['~!"#$%&\'()*,-./:;<>?@[\\]^_`{|}', '~!"#$%&\'()*,-./:;<>?@[\\]^_`{|}'],
  ['jörg', 'j+C3+B6rg'],
  ['€', '+E2+82+AC'],
  ['😀', '+F0+9F+98+80'],
  ['\u007f', '+7F'],
];

for (const [decoded, encoded] of XTEXT_PAIRS) {
  test(`xtext encodes ${JSON.stringify(decoded)} as ${JSON.stringify(encoded)} and decodes it back`, () => {
    assert.equal(xtext(decoded), encoded);
    assert.equal(decodeXtext(encoded), decoded);
  });
}

// Forms only a decoder sees: encodings of characters that need none, lower-case hex.
const XTEXT_DECODE_ONLY: Array<[string, string]> = [
  ['+41+42C', 'ABC'],
  ['+2b', '+'],
  ['j+c3+b6rg', 'jörg'],
];

for (const [encoded, decoded] of XTEXT_DECODE_ONLY) {
  test(`decodeXtext reads ${JSON.stringify(encoded)} as ${JSON.stringify(decoded)}`, () => {
    assert.equal(decodeXtext(encoded), decoded);
  });
}

const XTEXT_MALFORMED: Array<[string, string]> = [
  ['+ZZ', 'a "+" without hex digits'],
  ['abc+', 'a "+" at the end'],
  ['abc+4', 'a "+" with one hex digit'],
  ['+G0', 'a non-hex digit'],
  ['a=b', 'an "="'],
  ['a b', 'a space'],
  ['a\u0000b', 'a control character'],
  ['a\u007fb', 'DEL as it is'],
  ['jörg', 'a non-ASCII character as it is'],
  ['+C3', 'a UTF-8 sequence cut short'],
  ['+FF+FE', 'octets that are not UTF-8'],
];

for (const [encoded, why] of XTEXT_MALFORMED) {
  test(`decodeXtext refuses ${JSON.stringify(encoded)}: ${why}`, () => {
    assert.equal(decodeXtext(encoded), null);
  });
}

// [address, utf-8-addr-xtext]: both directions.
const UTF8_PAIRS: Array<[string, string]> = [
  ['user@example.test', 'user@example.test'],
  ['jörg@bücher.example', 'j\\x{F6}rg@b\\x{FC}cher.example'],
  ['用户@例子.广告', '\\x{7528}\\x{6237}@\\x{4F8B}\\x{5B50}.\\x{5E7F}\\x{544A}'],
  ['😀@example.test', '\\x{1F600}@example.test'],
  ['a+b=c\\d@example.test', 'a\\x{2B}b\\x{3D}c\\x{5C}d@example.test'],
  ['"john doe"@example.test', '"john\\x{20}doe"@example.test'],
];

for (const [address, encoded] of UTF8_PAIRS) {
  test(`utf8AddrXtext encodes ${JSON.stringify(address)} as ${JSON.stringify(encoded)} and decodes it back`, () => {
    assert.equal(utf8AddrXtext(address), encoded);
    assert.equal(decodeUtf8AddrXtext(encoded), address);
  });
}

const UTF8_DECODE_ONLY: Array<[string, string, string]> = [
  ['j\\x{f6}rg@example.test', 'jörg@example.test', 'lower-case hex digits'],
  ['jörg@bücher.example', 'jörg@bücher.example', 'utf-8-addr-unitext: UTF-8 as it is'],
  ['\\x{10FFFF}@example.test', '\u{10ffff}@example.test', 'the last code point'],
];

for (const [encoded, decoded, why] of UTF8_DECODE_ONLY) {
  test(`decodeUtf8AddrXtext reads ${JSON.stringify(encoded)} (${why})`, () => {
    assert.equal(decodeUtf8AddrXtext(encoded), decoded);
  });
}

const UTF8_MALFORMED: Array<[string, string]> = [
  ['', 'an empty address'],
  ['a+b@example.test', 'a "+" as it is'],
  ['a=b@example.test', 'an "=" as it is'],
  ['a\\b@example.test', 'a "\\" that starts no escape'],
  ['a b@example.test', 'a space as it is'],
  ['\\x{41}@example.test', 'an escape of a QCHAR'],
  ['\\x{00}@example.test', 'NUL'],
  ['\\x{0F6}@example.test', 'a leading zero'],
  ['\\x{F}@example.test', 'one hex digit'],
  ['\\x{D800}@example.test', 'a surrogate'],
  ['\\x{110000}@example.test', 'past U+10FFFF'],
  ['\\x{F6@example.test', 'no closing brace'],
  ['\\x{}@example.test', 'no hex digits'],
  ['\\X{F6}@example.test', 'an upper-case X'],
];

for (const [encoded, why] of UTF8_MALFORMED) {
  test(`decodeUtf8AddrXtext refuses ${JSON.stringify(encoded)}: ${why}`, () => {
    assert.equal(decodeUtf8AddrXtext(encoded), null);
  });
}

test('decodes what the encoders make back to the original, for random text', () => {
  const random = prng(3461);
  const alphabet = ['a', 'Z', '0', '+', '=', '\\', ' ', '@', '.', '"', '~', '!', 'ö', '€', '😀', '\u00a0', '{', '}', 'x'];
  for (let i = 0; i < 2000; i++) {
    let text = '';
    const length = 1 + Math.floor(random() * 12);
    for (let j = 0; j < length; j++) text += alphabet[Math.floor(random() * alphabet.length)]!;
    assert.equal(decodeXtext(xtext(text)), text);
    assert.equal(decodeUtf8AddrXtext(utf8AddrXtext(text)), text);
    assert.match(xtext(text), /^[\x21-\x7e]*$/);
    assert.match(utf8AddrXtext(text), /^[\x21-\x7e]*$/);
  }
});
