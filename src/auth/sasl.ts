// SASL (RFC 4422) as the protocols share it: the PLAIN (RFC 4616) and LOGIN (draft-murchison-sasl-login)
// mechanisms as data, and one exchange that turns the client's base64 responses into credentials or a
// typed failure. No wire text lives here: each protocol frames the challenges (IMAP `+ `, POP3 `+ `),
// base64-encodes them as its profile says (RFC 9051 §6.2.2, RFC 5034 §4), and words its own replies.
// Invariants: a challenge is plain text; a failure ends the exchange before any further challenge.

/** RFC 4648 §4 base64 with padding, as RFC 4959 §3 and RFC 5034 §4 require of responses. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export type SaslMechanismName = 'PLAIN' | 'LOGIN';

/** Why an exchange ended without credentials; each protocol maps these to its replies. */
export type SaslFailure =
  /** The client answered a challenge with `*` (RFC 4422 §3.5). */
  | { readonly kind: 'cancelled' }
  /** A response, or the initial response, is not base64. */
  | { readonly kind: 'not-base64' }
  /** A PLAIN message is not `[authzid] NUL authcid NUL passwd` (RFC 4616 §2). */
  | { readonly kind: 'malformed-plain' }
  /** PLAIN asked to act as another identity, which is not supported (RFC 4616 §2). */
  | { readonly kind: 'authorization-refused' };

export type SaslOutcome = { readonly kind: 'credentials'; readonly username: string; readonly password: string } | SaslFailure;

export interface SaslMechanism {
  readonly name: SaslMechanismName;
  /** One plain-text challenge per response; an initial response (RFC 4422 §3.3) answers the first. */
  readonly challenges: readonly string[];
  /** The outcome from the responses, one per challenge, decoded from base64 and read as UTF-8. */
  finish(responses: readonly string[]): SaslOutcome;
}

/** RFC 4616 §2: [authzid] NUL authcid NUL passwd; an authzid other than the authcid (ignoring case) is refused. */
const plain: SaslMechanism = {
  name: 'PLAIN',
  challenges: [''],
  finish([message = '']) {
    const fields = message.split('\0');
    if (fields.length !== 3) return { kind: 'malformed-plain' };
    const [authzid, authcid, password] = fields as [string, string, string];
    if (authzid !== '' && authzid.toLowerCase() !== authcid.toLowerCase()) return { kind: 'authorization-refused' };
    return { kind: 'credentials', username: authcid, password };
  },
};

/** draft-murchison-sasl-login: the user name, then the password, each as asked. */
const login: SaslMechanism = {
  name: 'LOGIN',
  challenges: ['Username:', 'Password:'],
  finish([username = '', password = '']) {
    return { kind: 'credentials', username, password };
  },
};

const MECHANISMS: Readonly<Record<SaslMechanismName, SaslMechanism>> = { PLAIN: plain, LOGIN: login };

/** The mechanisms every protocol advertises, in the order offered. */
export const SASL_MECHANISMS: readonly SaslMechanismName[] = ['PLAIN', 'LOGIN'];

/** The supported mechanism of that (upper-case) name, or undefined. */
export function saslMechanism(name: string): SaslMechanism | undefined {
  return Object.hasOwn(MECHANISMS, name) ? MECHANISMS[name as SaslMechanismName] : undefined;
}

/**
 * Runs the exchange: `initialResponse` (already '' for `=`) answers the first challenge, `ask` sends
 * each further one in the protocol's framing and returns the client's line, or null when it cancelled.
 */
export async function runSaslExchange(
  mechanism: SaslMechanism,
  initialResponse: string | null,
  ask: (challenge: string) => Promise<string | null>,
): Promise<SaslOutcome> {
  const responses: string[] = [];
  for (const [index, challenge] of mechanism.challenges.entries()) {
    const line = index === 0 && initialResponse !== null ? initialResponse : await ask(challenge);
    if (line === null) return { kind: 'cancelled' };
    if (!BASE64.test(line)) return { kind: 'not-base64' };
    responses.push(Buffer.from(line, 'base64').toString('utf8'));
  }
  return mechanism.finish(responses);
}
