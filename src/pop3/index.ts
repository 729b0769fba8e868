// pop3/'s public surface: the server that serves the POP3 listeners.
export { createPop3Server } from './server.ts';
export type { Pop3Server, Pop3ServerOptions } from './types.ts';
export type { Pop3Settings } from './settings.ts';
