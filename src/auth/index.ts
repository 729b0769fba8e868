// Public surface of auth/: password hashing now; SASL mechanisms and account authentication later.
export { hashPassword, verifyPassword, generatePassword, PASSWORD_ALPHABET } from './password.ts';
