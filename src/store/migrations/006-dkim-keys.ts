// DKIM signing keys per local domain (issue 6; RFC 6376, RFC 8463 for Ed25519), kept in the store so
// that several nodes on one database sign with the same keys and a CLI change takes effect at once.
//
// Invariants: (domain, selector) is unique, since the selector names the DNS record of the public key
// (RFC 6376 §3.6.2.1 `selector._domainkey.domain`); at most one key per domain is active (the partial
// unique index), and only the active key signs. Inactive keys stay listable for rotation: a new key
// can be published before it is activated, an old one kept until signatures made with it expired.
// Removing a domain removes its keys (ON DELETE CASCADE).
import type { Migration } from './index.ts';

export const dkimKeys: Migration = {
  version: 6,
  name: 'dkim-keys',
  statements: ({ autoId }) => [
    // algorithm: 'rsa-sha256' | 'ed25519-sha256' (RFC 6376 §3.3, RFC 8463 §3). private_key: PKCS#8 PEM.
    // public_key: base64, exactly as published in the key record's p= tag (RFC 6376 §3.6.1): the
    // SubjectPublicKeyInfo DER for RSA, the raw 32-byte key for Ed25519 (RFC 8463 §4.2).
    // selector is stored lowercased (a DNS label). active is 0/1.
    `CREATE TABLE dkim_keys (
      id ${autoId},
      domain_id BIGINT NOT NULL REFERENCES domains (id) ON DELETE CASCADE,
      selector TEXT NOT NULL,
      algorithm TEXT NOT NULL,
      private_key TEXT NOT NULL,
      public_key TEXT NOT NULL,
      active INTEGER NOT NULL DEFAULT 0,
      created_at BIGINT NOT NULL,
      UNIQUE (domain_id, selector)
    )`,
    `CREATE UNIQUE INDEX dkim_keys_active ON dkim_keys (domain_id) WHERE active = 1`,
  ],
};
