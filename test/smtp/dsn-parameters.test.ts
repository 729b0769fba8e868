// Table tests of the DSN parameter values (RFC 3461 §4.1–4.4) as src/smtp/wire/dsn-parameters.ts types them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { COMMANDS } from '../../src/smtp/commands/index.ts';
import { parseEnvid, parseNotify, parseOrcpt, parseRet } from '../../src/smtp/wire/dsn-parameters.ts';
import { prng } from '../helpers/prng.ts';

test('reads RET=FULL and RET=HDRS in any case, and nothing else', () => {
  const table: Array<[string | null, 'FULL' | 'HDRS' | null]> = [
    ['FULL', 'FULL'],
    ['hdrs', 'HDRS'],
    ['Full', 'FULL'],
    ['BOTH', null],
    ['FULL,HDRS', null],
    [null, null],
  ];
  for (const [value, expected] of table) assert.equal(parseRet(value), expected, String(value));
});

test('reads ENVID as decoded printable ASCII of at most 100 characters', () => {
  const table: Array<[string | null, string | null]> = [
    ['QQ314159', 'QQ314159'],
    ['id+2Bone+3Dtwo+20three', 'id+one=two three'],
    ['x'.repeat(100), 'x'.repeat(100)],
    ['x'.repeat(98) + '+2B', 'x'.repeat(98) + '+'],
    ['x'.repeat(101), null],
    ['x'.repeat(100) + '+2B', null],
    ['+ZZ', null],
    ['id+', null],
    ['+0A', null],
    ['+C3+A9', null],
    ['jörg', null],
    [null, null],
  ];
  for (const [value, expected] of table) assert.equal(parseEnvid(value), expected, String(value));
});

test('reads NOTIFY as NEVER alone or a list of SUCCESS, FAILURE, DELAY without repeats', () => {
  const table: Array<[string | null, string[] | null]> = [
    ['NEVER', ['NEVER']],
    ['never', ['NEVER']],
    ['SUCCESS', ['SUCCESS']],
    ['failure,Delay', ['FAILURE', 'DELAY']],
    ['DELAY,SUCCESS,FAILURE', ['DELAY', 'SUCCESS', 'FAILURE']],
    ['NEVER,SUCCESS', null],
    ['SUCCESS,NEVER', null],
    ['NEVER,NEVER', null],
    ['SUCCESS,SUCCESS', null],
    ['FOO', null],
    ['SUCCESS,', null],
    [',FAILURE', null],
    ['SUCCESS,,FAILURE', null],
    [null, null],
  ];
  for (const [value, expected] of table) assert.deepEqual(parseNotify(value), expected, String(value));
});

test('reads ORCPT as a lower-case address type and the decoded address', () => {
  const table: Array<[string | null, { type: string; address: string } | null]> = [
    ['rfc822;ann@example.test', { type: 'rfc822', address: 'ann@example.test' }],
    ['RFC822;Ann@Example.Test', { type: 'rfc822', address: 'Ann@Example.Test' }],
    ['rfc822;a+2Bb@example.test', { type: 'rfc822', address: 'a+b@example.test' }],
    ['rfc822;+22john+20doe+22@example.test', { type: 'rfc822', address: '"john doe"@example.test' }],
    ['x-local;ann', { type: 'x-local', address: 'ann' }],
    ['utf-8;j\\x{F6}rg@b\\x{FC}cher.example', { type: 'utf-8', address: 'jörg@bücher.example' }],
    ['UTF-8;user@example.test', { type: 'utf-8', address: 'user@example.test' }],
    ['utf-8;jörg@bücher.example', { type: 'utf-8', address: 'jörg@bücher.example' }],
    ['rfc822:ann@example.test', null],
    ['rfc822ann@example.test', null],
    ['rfc822;', null],
    [';ann@example.test', null],
    ['rfc(822);ann@example.test', null],
    ['rfc822;+ZZ@example.test', null],
    ['rfc822;j+C3+B6rg@example.test', null],
    ['rfc822;jörg@example.test', null],
    ['rfc822;a+0Ab@example.test', null],
    ['utf-8;', null],
    ['utf-8;a+2Bb@example.test', null],
    ['utf-8;a\\x{0A}b@example.test', null],
    ['utf-8;a\\x{85}b@example.test', null],
    [null, null],
  ];
  for (const [value, expected] of table) assert.deepEqual(parseOrcpt(value), expected, String(value));
});

test('parses random DSN values and MAIL/RCPT lines carrying them without throwing', () => {
  const random = prng(3461);
  const alphabet = ['NOTIFY=', 'ORCPT=', 'RET=', 'ENVID=', 'rfc822;', 'utf-8;', 'NEVER', 'SUCCESS', ',', ';', '+', '2B', 'ZZ', '\\x{', 'F6', '}', 'a', '@', ' ', '=', 'ö', '\u0000'];
  for (let i = 0; i < 2000; i++) {
    let text = '';
    const parts = Math.floor(random() * 10);
    for (let j = 0; j < parts; j++) text += alphabet[Math.floor(random() * alphabet.length)]!;
    parseRet(text);
    parseEnvid(text);
    parseNotify(text);
    const orcpt = parseOrcpt(text);
    if (orcpt !== null) assert.doesNotMatch(orcpt.address, /[\u0000-\u001f\u007f]/);
    for (const line of [`FROM:<a@sender.example> ${text}`, `TO:<ann@example.test> ${text}`]) {
      for (const command of [COMMANDS.MAIL, COMMANDS.RCPT]) {
        const parsed = command.parse(line);
        if (!parsed.ok) assert.ok(parsed.reply.code === 501 || parsed.reply.code === 553 || parsed.reply.code === 555, `${line}: ${parsed.reply.code}`);
      }
    }
  }
});
