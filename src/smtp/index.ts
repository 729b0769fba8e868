// The inbound SMTP server (port 25): our own ESMTP implementation on wire/ + commands/ + dispatcher +
// session + server. It reaches mail only through the DeliveryTarget contract.
export { createSmtpServer } from './server.ts';
export type { SmtpServer, SmtpServerOptions, SmtpSettings } from './types.ts';
