import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAddressList } from '../../src/mime/index.ts';

const address = (name: string | null, mailbox: string | null, host: string | null, adl: string | null = null) => ({ name, adl, mailbox, host });

test('parses display names, quoted strings and bare addresses with their comment as name', () => {
  assert.deepEqual(parseAddressList('"Doe, John" <john@example.test>, jane@example.test (Jane), =?utf-8?Q?J=C3=B6rg?= <j@x.test>'), [
    address('Doe, John', 'john', 'example.test'),
    address('Jane', 'jane', 'example.test'),
    address('=?utf-8?Q?J=C3=B6rg?=', 'j', 'x.test'),
  ]);
});

test('writes groups as start and end markers around their members', () => {
  assert.deepEqual(parseAddressList('Team: a@x.test, B <b@x.test>;, undisclosed-recipients:;'), [
    address(null, 'Team', null), address(null, 'a', 'x.test'), address('B', 'b', 'x.test'), address(null, null, null),
    address(null, 'undisclosed-recipients', null), address(null, null, null),
  ]);
});

test('keeps an obsolete route and re-quotes a local part that needs quotes', () => {
  assert.deepEqual(parseAddressList('<@a.test,@b.test:user@c.test>, "john smith"@d.test'), [
    address(null, 'user', 'c.test', '@a.test,@b.test'),
    address(null, '"john smith"', 'd.test'),
  ]);
});

test('marks missing parts and gives NIL for a list without addresses', () => {
  assert.deepEqual(parseAddressList('localonly, <@x.test>'), [address(null, 'localonly', 'MISSING_DOMAIN'), address(null, 'MISSING_MAILBOX', 'x.test')]);
  assert.equal(parseAddressList(' , (nobody) ;'), null);
});
