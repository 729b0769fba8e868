// The POP3 server's settings: the `[pop3]` table of mailstead.toml (src/config/schema.ts).
import type { Config } from '../config/index.ts';

export type Pop3Settings = Config['pop3'];
