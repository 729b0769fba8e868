// The public surface of tls/: certificates and keys (PEM, PKCS#12, the certificate store), the TLS
// provider the listeners ask at each handshake (SNI, policy, reload), and the server-side handshake.
export { serverTlsContext, type ServerTlsContext, type TlsProvider } from './provider.ts';
export { loadTlsProvider, inspectCertificates, createCertificateContext, type CertificateInspection, type CertificateUse, type LoadedTlsProvider, type LoadOptions } from './load.ts';
export { TlsFileError } from './file-error.ts';
export { daysLeft, isCurrentlyValid, type CertificateSource, type LoadedCertificate } from './loaded-certificate.ts';
export { parseCertificatePair, readCertificatePair, type CertificateFiles, type CertificatePair } from './certificate-pair.ts';
export { certificateHostNames, nameMatches, normalizeHostName } from './names.ts';
export { allowsLegacyTls, tlsPolicy, type TlsPolicy } from './policy.ts';
export { tlsWarnings, EXPIRY_WARNING_DAYS, type TlsWarning } from './warnings.ts';
export { watchCertificates, type CertificateWatch, type WatchOptions } from './watch.ts';
export { pfxToPem, PfxError, type PfxContents, type PfxErrorCode } from './pfx.ts';
export { certPaths, isValidCertName, listCertificateEntries, removeCertificate, writeCertificate, LIVE_DIR } from './cert-store.ts';
export { createSelfSignedCertificate, SELF_SIGNED_VALIDITY_DAYS } from './self-signed.ts';
export { acceptTls, tlsInfo, TlsHandshakeError, type TlsInfo } from './handshake.ts';
export { issued, isSelfSigned, oneLineName } from './chain.ts';
