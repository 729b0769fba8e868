// The public surface of doctor/: the certificate review of the server's own TLS listeners (`cert
// check`) and the expiry watcher that mails the postmaster. Later: DNS, config and reachability checks.
export { checkCertificates, connectAddress, type CertCheckOptions, type CertCheckReport, type CertCheckTarget, type ChainCertificate, type ListenerReport, type ServedCertificate } from './cert-check.ts';
export { readConfiguredCertificates, serverNamesToCheck, type ConfiguredCertificate } from './configured-certificates.ts';
export { systemTrustAnchors, trustAnchorsFromFile, trustAnchorsFromPem, type TrustAnchors } from './trust-anchors.ts';
export type { CertificateCheck, Finding, FindingStatus } from './findings.ts';
export type { AcceptedVersions, TlsVersion } from './protocol-versions.ts';
export { startCertificateExpiryWatch, toExpiringCertificate, noticeMark, noticeSettingName, EXPIRY_NOTICE_MARKS, type ExpiryWatch, type ExpiryWatchOptions, type ExpiringCertificate, type Ticker } from './cert-expiry.ts';
