// Whether a queued message was submitted by a client we trust (authenticated, a relay network, a local
// submission) or only passed through (forwarded, an SRS bounce from the internet). Only submitted mail
// is DKIM-signed for its `From:` domain (issue 6 review: otherwise a forward would get our key's
// DMARC-aligned signature on a `From:` anyone wrote). Entries queued before: submitted.
// And whether it came with SMTPUTF8 (RFC 6531 §3.4): only then does the next hop have to offer it, as in
// Postfix; a message with 8-bit header bytes that came without it goes on as it came.
import type { Migration } from './index.ts';

export const queueSubmitted: Migration = {
  version: 10,
  name: 'queue-submitted',
  statements: () => [`ALTER TABLE queue ADD COLUMN submitted INTEGER NOT NULL DEFAULT 1`, `ALTER TABLE queue ADD COLUMN smtputf8 INTEGER NOT NULL DEFAULT 0`],
};
