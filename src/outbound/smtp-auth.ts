// SMTP AUTH as a client (RFC 4954) with the two mechanisms smart hosts offer: PLAIN (RFC 4616, sent
// as an initial response, RFC 4954 §4) and LOGIN (draft-murchison-sasl-login). PLAIN is preferred.
// The caller decides whether the connection is safe for credentials; this module never logs them
// (every line carrying them is logged as "***").
import type { TransferAuth } from './transfer-types.ts';
import type { SmtpClient } from './smtp-client.ts';
import type { ClientReply } from './smtp-reply.ts';

export const CLIENT_MECHANISMS = ['PLAIN', 'LOGIN'] as const;

export type AuthOutcome = { ok: true; mechanism: string } | { ok: false; reply: ClientReply | null; reason: string };

export async function authenticate(client: SmtpClient, offered: readonly string[], auth: TransferAuth, timeoutMs: number): Promise<AuthOutcome> {
  const mechanism = CLIENT_MECHANISMS.find((name) => offered.includes(name));
  if (!mechanism) return { ok: false, reply: null, reason: `no supported AUTH mechanism offered (${offered.join(' ') || 'none'})` };
  const reply = mechanism === 'PLAIN' ? await plain(client, auth, timeoutMs) : await login(client, auth, timeoutMs);
  if (reply.code === 235) return { ok: true, mechanism };
  return { ok: false, reply, reason: `AUTH ${mechanism} failed` };
}

async function plain(client: SmtpClient, auth: TransferAuth, timeoutMs: number): Promise<ClientReply> {
  // RFC 4616 §2: [authzid] NUL authcid NUL passwd; no authorization identity.
  const token = Buffer.from(`\u0000${auth.username}\u0000${auth.password}`, 'utf8').toString('base64');
  return answerChallenges(client, await client.command(`AUTH PLAIN ${token}`, timeoutMs, 'AUTH PLAIN ***'), [], timeoutMs);
}

async function login(client: SmtpClient, auth: TransferAuth, timeoutMs: number): Promise<ClientReply> {
  const first = await client.command('AUTH LOGIN', timeoutMs);
  const steps = [auth.username, auth.password].map((value) => Buffer.from(value, 'utf8').toString('base64'));
  return answerChallenges(client, first, steps, timeoutMs);
}

/** Answers 334 challenges with `steps` in order; one more than expected is cancelled with "*" (RFC 4954 §4). */
async function answerChallenges(client: SmtpClient, reply: ClientReply, steps: readonly string[], timeoutMs: number): Promise<ClientReply> {
  let current = reply;
  for (const step of steps) {
    if (current.code !== 334) return current;
    current = await client.command(step, timeoutMs, '***');
  }
  if (current.code === 334) current = await client.command('*', timeoutMs);
  return current;
}
