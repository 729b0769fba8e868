// What the web listeners answer, as a pure function of the request line: ACME HTTP-01 challenge
// responses (RFC 8555 §8.3) at `/.well-known/acme-challenge/<token>`, `404` for every other path and
// `405` for methods other than GET and HEAD. Later issues (MTA-STS, autoconfig) add their paths here.
import type { AcmeChallenges } from '../tls/acme/index.ts';

export const ACME_CHALLENGE_PATH = '/.well-known/acme-challenge/';

export interface WebAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** Set when the answer was a challenge response (for the log). */
  readonly challengeToken?: string;
}

/** RFC 8555 §8.1: a token is base64url (RFC 4648 §5) without padding. */
const TOKEN = /^[A-Za-z0-9_-]{1,256}$/;

function text(status: number, body: string, headers: Record<string, string> = {}): WebAnswer {
  return { status, headers: { 'content-type': 'text/plain; charset=utf-8', ...headers }, body };
}

export function answerWebRequest(challenges: AcmeChallenges, method: string, target: string): WebAnswer {
  if (method !== 'GET' && method !== 'HEAD') return text(405, 'method not allowed\n', { allow: 'GET, HEAD' });
  const path = target.split('?', 1)[0] ?? '';
  if (path.startsWith(ACME_CHALLENGE_PATH)) {
    const token = path.slice(ACME_CHALLENGE_PATH.length);
    const keyAuthorization = TOKEN.test(token) ? challenges.httpKeyAuthorization(token) : undefined;
    // RFC 8555 §8.3: the body is the key authorization; the example response is application/octet-stream.
    if (keyAuthorization !== undefined) return { status: 200, headers: { 'content-type': 'application/octet-stream' }, body: keyAuthorization, challengeToken: token };
  }
  return text(404, 'not found\n');
}
