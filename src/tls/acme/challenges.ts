// The ACME challenges being answered right now, shared by the manager that provisions them and the
// web listeners that answer them: HTTP-01 key authorizations by token (RFC 8555 §8.3, served at
// `/.well-known/acme-challenge/<token>` on port 80) and TLS-ALPN-01 certificates by host name
// (RFC 8737 §3, presented on port 443 to a handshake with SNI = that name).
//
// In this process's memory only: with several nodes behind one address the CA may ask another node,
// so such a set-up would need these in the store (a follow-up of issue 7).
import type { SecureContext } from 'node:tls';

export class AcmeChallenges {
  readonly #http = new Map<string, string>();
  readonly #alpn = new Map<string, SecureContext>();

  /** The key authorization to answer for `token`, while its challenge is pending. */
  httpKeyAuthorization(token: string): string | undefined {
    return this.#http.get(token);
  }

  /** The `acmeIdentifier` certificate to present to a handshake for `servername`, while pending. */
  alpnContext(servername: string): SecureContext | undefined {
    return this.#alpn.get(servername.toLowerCase());
  }

  setHttp(token: string, keyAuthorization: string): void {
    this.#http.set(token, keyAuthorization);
  }

  removeHttp(token: string): void {
    this.#http.delete(token);
  }

  setAlpn(hostname: string, context: SecureContext): void {
    this.#alpn.set(hostname.toLowerCase(), context);
  }

  removeAlpn(hostname: string): void {
    this.#alpn.delete(hostname.toLowerCase());
  }
}
