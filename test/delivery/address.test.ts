import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normaliseAddress, splitAddress, splitSubaddress, relayAddress } from '../../src/delivery/index.ts';

test('lowercases the local part and the domain', () => {
  assert.equal(normaliseAddress('Ann.Smith@Example.TEST'), 'ann.smith@example.test');
  assert.equal(normaliseAddress('  ann@example.test '), 'ann@example.test');
});

test('keeps IDNA A-labels and lowercases U-labels as given', () => {
  assert.equal(normaliseAddress('info@XN--BCHER-KVA.example'), 'info@xn--bcher-kva.example');
  assert.equal(normaliseAddress('info@BÜCHER.example'), 'info@bücher.example');
});

test('unquotes a quoted local part that is a dot-atom and keeps the quotes otherwise', () => {
  assert.equal(normaliseAddress('"Ann"@example.test'), 'ann@example.test');
  assert.equal(normaliseAddress('"Ann Smith"@example.test'), '"ann smith"@example.test');
  assert.equal(normaliseAddress('"a\\"b"@example.test'), '"a\\"b"@example.test');
  assert.equal(normaliseAddress('"a\\b"@example.test'), 'ab@example.test');
});

test('splits at the last @ so a quoted local part may contain one', () => {
  assert.deepEqual(splitAddress('"a@b"@example.test'), { local: '"a@b"', domain: 'example.test' });
});

test('gives an empty domain for an address without one', () => {
  assert.deepEqual(splitAddress('Postmaster'), { local: 'postmaster', domain: '' });
  assert.equal(normaliseAddress('Postmaster'), 'postmaster');
});

test('splits a sub-address at the first delimiter', () => {
  assert.deepEqual(splitSubaddress('ann+lists+work', '+'), { user: 'ann', detail: 'lists+work' });
  assert.deepEqual(splitSubaddress('ann-x', '-'), { user: 'ann', detail: 'x' });
  assert.deepEqual(splitSubaddress('ann+', '+'), { user: 'ann', detail: '' });
});

test('does not split without a delimiter, with it disabled, at the start, or in a quoted local part', () => {
  assert.equal(splitSubaddress('ann', '+'), undefined);
  assert.equal(splitSubaddress('ann+x', ''), undefined);
  assert.equal(splitSubaddress('+x', '+'), undefined);
  assert.equal(splitSubaddress('"a b+x"', '+'), undefined);
});

test('keeps the case of a remote local part and lowercases only its domain', () => {
  assert.equal(relayAddress(' Bob.Smith@Remote.EXAMPLE '), 'Bob.Smith@remote.example');
});
