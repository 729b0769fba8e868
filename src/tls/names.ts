// The host names a certificate serves, and whether one of them matches the name a client asked for.
//
// - A certificate's names are its subjectAltName dNSName entries; the subject CN counts only when the
//   certificate has no dNSName at all (RFC 6125 §6.4.4: a client that finds DNS-IDs ignores the CN).
// - Matching is case-insensitive on A-labels (RFC 6066 §3 sends the server_name as A-labels; a
//   trailing dot is ignored). A wildcard is the whole left-most label, `*.example.com`, and stands for
//   exactly one label: it matches `mx.example.com`, never `example.com` or `a.b.example.com`
//   (RFC 6125 §6.4.3). Partial-label wildcards (`mx*.example.com`) match nothing, as browsers do.
import type { X509Certificate } from 'node:crypto';

/** Lower case without a trailing dot: the form names are compared in. */
export function normalizeHostName(name: string): string {
  return name.trim().replace(/\.$/, '').toLowerCase();
}

/**
 * Entries of node's `subjectAltName` text ("DNS:a.example, IP Address:192.0.2.1"); node quotes a value
 * with a comma or quote in it as a JSON string, so those are decoded rather than split apart.
 */
function subjectAltNameEntries(text: string): string[] {
  const entries: string[] = [];
  const pattern = /([A-Za-z ]+):("(?:[^"\\]|\\.)*"|[^,]*)(?:, |$)/gy;
  for (let match = pattern.exec(text); match !== null && match[0] !== ''; match = pattern.exec(text)) {
    const value = match[2]!.startsWith('"') ? (JSON.parse(match[2]!) as string) : match[2]!;
    entries.push(`${match[1]!}:${value}`);
  }
  return entries;
}

/** The subject's CN values (node's `subject` text: one `KEY=value` per line). */
export function subjectCommonNames(cert: X509Certificate): string[] {
  return cert.subject
    .split('\n')
    .filter((line) => line.startsWith('CN='))
    .map((line) => line.slice(3));
}

/** The DNS names a certificate serves, normalized, in certificate order, without duplicates. */
export function certificateHostNames(cert: X509Certificate): string[] {
  const dns = subjectAltNameEntries(cert.subjectAltName ?? '')
    .filter((entry) => entry.startsWith('DNS:'))
    .map((entry) => normalizeHostName(entry.slice(4)));
  const names = dns.length > 0 ? dns : subjectCommonNames(cert).map(normalizeHostName);
  return [...new Set(names.filter((name) => name !== ''))];
}

export function isWildcardName(name: string): boolean {
  return name.startsWith('*.');
}

/** `pattern` (a certificate name, normalized) covers `hostName` (normalized): exactly, or as a one-label wildcard. */
export function nameMatches(pattern: string, hostName: string): boolean {
  if (!isWildcardName(pattern)) return pattern === hostName;
  const dot = hostName.indexOf('.');
  return dot > 0 && hostName.slice(dot) === pattern.slice(1);
}
