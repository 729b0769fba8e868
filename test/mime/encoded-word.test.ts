import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeEncodedWords } from '../../src/mime/index.ts';

test('decodes a B-encoded UTF-8 word', () => {
  assert.equal(decodeEncodedWords('=?UTF-8?B?S8O2bG4=?='), 'Köln');
});

test('decodes a Q-encoded UTF-8 word with underscores as spaces', () => {
  assert.equal(decodeEncodedWords('=?utf-8?Q?J=C3=B6rg_M=C3=BCller?='), 'Jörg Müller');
});

test('decodes Q- and B-encoded ISO-8859-1 words', () => {
  assert.equal(decodeEncodedWords('=?iso-8859-1?q?Gr=FC=DFe?='), 'Grüße');
  assert.equal(decodeEncodedWords('=?ISO-8859-1?b?R3L832U=?='), 'Grüße');
});

test('keeps the text around encoded words and drops white space between adjacent words', () => {
  assert.equal(decodeEncodedWords('Re: =?utf-8?Q?a?=  =?utf-8?Q?b?= and =?utf-8?Q?c?= end'), 'Re: ab and c end');
  assert.equal(decodeEncodedWords('=?utf-8?Q?a?=\t=?iso-8859-1?Q?=FC?='), 'aü');
});

test('joins a multi-byte character split across two adjacent words', () => {
  // "€" is E2 82 AC in UTF-8; the first word ends after E2 82.
  assert.equal(decodeEncodedWords('=?utf-8?Q?price_=E2=82?= =?utf-8?Q?=AC5?='), 'price €5');
});

test('ignores an RFC 2231 language suffix on the charset', () => {
  assert.equal(decodeEncodedWords('=?utf-8*de?Q?Stra=C3=9Fe?='), 'Straße');
});

test('leaves words with an unknown charset or encoding as written', () => {
  assert.equal(decodeEncodedWords('=?x-no-such-charset?Q?abc?= =?x-no-such-charset?Q?def?='), '=?x-no-such-charset?Q?abc?= =?x-no-such-charset?Q?def?=');
  assert.equal(decodeEncodedWords('=?utf-8?X?abc?='), '=?utf-8?X?abc?=');
});

test('keeps an equals sign that does not start a hex escape', () => {
  assert.equal(decodeEncodedWords('=?utf-8?Q?a=ZZb=4?='), 'a=ZZb=4');
});

test('returns text without encoded words unchanged', () => {
  assert.equal(decodeEncodedWords('plain =? text ?= here'), 'plain =? text ?= here');
});
