// The IMAP server's settings: the `[imap]` table of mailstead.toml (src/config/schema.ts).
import type { Config } from '../config/index.ts';

export type ImapSettings = Config['imap'];
