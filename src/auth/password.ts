// Password hashing for accounts: Argon2id in PHC string form ($argon2id$v=19$m=…,t=…,p=…$salt$hash).
// @node-rs/argon2's async functions run on the libuv thread pool, so a login never blocks the event loop.
import { randomInt } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/**
 * OWASP Password Storage Cheat Sheet, Argon2id: m = 19 MiB, t = 2, p = 1 (its first listed
 * configuration, equivalent in strength to the others it lists).
 */
const ARGON2ID = {
  /** `Algorithm.Argon2id`: the package declares it as a const enum, which type stripping cannot inline. */
  algorithm: 2,
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
} as const;

/** No look-alikes: without 0/O/o, 1/l/I/i, so a password read aloud or from paper survives. */
export const PASSWORD_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz';
const MIN_GENERATED_LENGTH = 20;

export async function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2ID);
}

/** False for a wrong password and for a hash that is not a valid PHC Argon2 string; never throws. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  if (!passwordHash.startsWith('$argon2')) return false;
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A random password (uniform over PASSWORD_ALPHABET; 24 characters ≈ 138 bits). */
export function generatePassword(length = 24): string {
  if (!Number.isSafeInteger(length) || length < MIN_GENERATED_LENGTH) {
    throw new RangeError(`a generated password has at least ${MIN_GENERATED_LENGTH} characters`);
  }
  let password = '';
  for (let i = 0; i < length; i++) password += PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)];
  return password;
}
