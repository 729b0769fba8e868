import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hashPassword, verifyPassword, generatePassword, PASSWORD_ALPHABET } from '../../src/auth/index.ts';

test('hashes with Argon2id at the OWASP parameters and verifies the same password', async () => {
  const hash = await hashPassword('correct horse battery staple');
  assert.match(hash, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/);
  assert.equal(await verifyPassword(hash, 'correct horse battery staple'), true);
});

test('salts every hash, so the same password hashes differently', async () => {
  assert.notEqual(await hashPassword('same'), await hashPassword('same'));
});

test('rejects a wrong password', async () => {
  const hash = await hashPassword('right');
  assert.equal(await verifyPassword(hash, 'wrong'), false);
  assert.equal(await verifyPassword(hash, 'Right'), false);
  assert.equal(await verifyPassword(hash, ''), false);
});

test('verifies non-ASCII passwords byte for byte', async () => {
  const hash = await hashPassword('pässwörd');
  assert.equal(await verifyPassword(hash, 'pässwörd'), true);
  assert.equal(await verifyPassword(hash, 'passwort'), false);
});

test('returns false for malformed hashes instead of throwing', async () => {
  const good = await hashPassword('pw');
  for (const bad of ['', 'not a hash', '$argon2id$', '$argon2id$v=19$m=19456,t=2,p=1$$', good.slice(0, -5), `${good.slice(0, 10)}!!${good.slice(12)}`, '$2b$10$abcdefghijklmnopqrstuv', '$argon2id$v=19$m=x,t=2,p=1$c2FsdA$aGFzaA']) {
    assert.equal(await verifyPassword(bad, 'pw'), false, JSON.stringify(bad));
  }
});

test('generates unique passwords of 24 characters from the alphabet without look-alikes', () => {
  assert.doesNotMatch(PASSWORD_ALPHABET, /[0O1lIio]/);
  const seen = new Set<string>();
  for (let i = 0; i < 1000; i++) {
    const password = generatePassword();
    assert.equal(password.length, 24);
    for (const c of password) assert.ok(PASSWORD_ALPHABET.includes(c), `unexpected character ${c}`);
    seen.add(password);
  }
  assert.equal(seen.size, 1000);
});

test('generates longer passwords on request and refuses fewer than 20 characters', () => {
  assert.equal(generatePassword(40).length, 40);
  assert.equal(generatePassword(20).length, 20);
  assert.throws(() => generatePassword(19), RangeError);
});
