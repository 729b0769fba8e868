// Public surface of auth/: password hashing, account authentication (with its success cache) and the
// SASL mechanisms the protocols share.
export { hashPassword, verifyPassword, generatePassword, PASSWORD_ALPHABET } from './password.ts';
export { createAuthenticator, type Authenticator, type AuthenticatorOptions } from './authenticate.ts';
export { saslMechanism, runSaslExchange, SASL_MECHANISMS, type SaslMechanism, type SaslMechanismName, type SaslFailure, type SaslOutcome } from './sasl.ts';
