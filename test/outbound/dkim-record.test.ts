// DKIM key generation and the DNS key records `mailstead dkim generate` prints (src/outbound/dkim-record.ts).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { defaultDkimSelector, dkimRecordName, dkimRecordValue, dkimZoneLine, generateDkimKey, txtCharacterStrings } from '../../src/outbound/dkim-record.ts';
import { zoneLineStrings } from './dkim-fixture.ts';

describe('DKIM key records', () => {
  test('an RSA key is 2048 bits, PKCS#8 PEM, published as its SubjectPublicKeyInfo in k=rsa strings of at most 255 octets', async () => {
    const generated = await generateDkimKey('rsa-sha256');
    const privateKey = createPrivateKey(generated.privateKeyPem);
    assert.match(generated.privateKeyPem, /^-----BEGIN PRIVATE KEY-----\n/);
    assert.equal(privateKey.asymmetricKeyDetails?.modulusLength, 2048);
    const published = createPublicKey({ key: Buffer.from(generated.publicKey, 'base64'), format: 'der', type: 'spki' });
    assert.ok(published.equals(createPublicKey(privateKey)), 'p= is the public half of the stored private key');

    const key = { domain: 'example.org', selector: 'ms202611', ...generated };
    const line = dkimZoneLine(key);
    assert.match(line, /^ms202611\._domainkey\.example\.org\. IN TXT "v=DKIM1; k=rsa; p=[A-Za-z0-9+/]+" "[A-Za-z0-9+/=]+"$/);
    const strings = zoneLineStrings(line);
    assert.deepEqual(strings.map((s) => s.length), [255, dkimRecordValue(key).length - 255]);
    assert.equal(strings.join(''), `v=DKIM1; k=rsa; p=${generated.publicKey}`);
  });

  test('an Ed25519 key is published as its raw 32-byte public key with k=ed25519 (RFC 8463 §4.2)', async () => {
    const generated = await generateDkimKey('ed25519-sha256');
    assert.equal(createPrivateKey(generated.privateKeyPem).asymmetricKeyType, 'ed25519');
    assert.equal(Buffer.from(generated.publicKey, 'base64').length, 32);
    const line = dkimZoneLine({ domain: 'example.org', selector: 'ms202611', ...generated });
    assert.equal(line, `ms202611._domainkey.example.org. IN TXT "v=DKIM1; k=ed25519; p=${generated.publicKey}"`);
  });

  test('record names use A-labels', () => {
    assert.equal(dkimRecordName({ domain: 'bücher.example', selector: 's1' }), 's1._domainkey.xn--bcher-kva.example');
  });

  test('TXT text is split into character-strings of at most 255 octets, in order', () => {
    assert.deepEqual(txtCharacterStrings(''), ['']);
    assert.deepEqual(txtCharacterStrings('a'.repeat(255)), ['a'.repeat(255)]);
    assert.deepEqual(txtCharacterStrings(`${'a'.repeat(255)}b`), ['a'.repeat(255), 'b']);
    assert.deepEqual(txtCharacterStrings(`${'a'.repeat(255)}${'b'.repeat(255)}c`), ['a'.repeat(255), 'b'.repeat(255), 'c']);
  });

  test('the default selector is "ms" and the UTC year and month', () => {
    assert.equal(defaultDkimSelector(Date.UTC(2026, 10, 30, 23, 59)), 'ms202611');
    assert.equal(defaultDkimSelector(Date.UTC(2027, 0, 1)), 'ms202701');
  });
});
