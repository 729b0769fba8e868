// Public surface of auth/: password hashing and account authentication (with its success cache);
// SASL mechanisms later.
export { hashPassword, verifyPassword, generatePassword, PASSWORD_ALPHABET } from './password.ts';
export { createAuthenticator, type Authenticator, type AuthenticatorOptions } from './authenticate.ts';
