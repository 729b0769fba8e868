// imap/'s public surface: the server that serves the IMAP listeners.
export { createImapServer } from './server.ts';
export type { ImapServer, ImapServerOptions } from './types.ts';
export type { ImapSettings } from './settings.ts';
