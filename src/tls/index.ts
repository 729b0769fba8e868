export type { TlsProvider } from './provider.ts';
export { loadTlsProvider, TlsFileError } from './load.ts';
export { createSelfSignedCertificate, SELF_SIGNED_VALIDITY_DAYS } from './self-signed.ts';
export { acceptTls, tlsInfo, TlsHandshakeError, type TlsInfo } from './handshake.ts';
