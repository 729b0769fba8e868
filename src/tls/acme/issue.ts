// One certificate order with acme-client (RFC 8555 §7.4): register the account if this CA does not know
// it yet (§7.3), order one certificate for every host name (each a SAN, the first also the CN), answer
// each authorization's challenge through the shared challenge map — HTTP-01 (§8.3) or TLS-ALPN-01
// (RFC 8737) — finalize with a CSR for a new key, and download the chain.
//
// Contract: resolves with the leaf-first chain and its new key (PKCS#8 PEM), or rejects with an Error
// whose message is the CA's problem detail (RFC 8555 §6.7) when the CA gave one. Challenges provisioned
// for the order are always removed again, whatever the outcome.
import { createSecureContext } from 'node:tls';
import { Client, crypto as acmeCrypto, type Authorization } from 'acme-client';
import type { Logger } from '../../log/index.ts';
import { findRegistration, loadAccountKey, saveRegistration } from './account.ts';
import { trustForDirectory } from './ca-trust.ts';
import type { AcmeChallenges } from './challenges.ts';
import type { AcmeSettings } from './settings.ts';

export interface IssuedCertificate {
  /** Leaf first, then the intermediates (RFC 8555 §7.4.2, `application/pem-certificate-chain`). */
  readonly fullchainPem: string;
  readonly keyPem: string;
}

export interface IssueOptions {
  readonly instanceDir: string;
  readonly settings: AcmeSettings;
  readonly challenges: AcmeChallenges;
  /** The contents of `ca_file`, when set. */
  readonly caPem: string | undefined;
  readonly logger: Logger;
}

/** How acme-client polls a pending challenge or order: 1 s, doubling, at most 10 s between polls, 10 polls. */
const POLLING = { backoffAttempts: 10, backoffMin: 1000, backoffMax: 10_000 } as const;

async function accountClient(opts: IssueOptions): Promise<Client> {
  const { instanceDir, settings, logger } = opts;
  const accountKey = await loadAccountKey(instanceDir);
  const registration = await findRegistration(instanceDir, settings.directoryUrl);
  const client = new Client({ directoryUrl: settings.directoryUrl, accountKey, ...(registration === undefined ? {} : { accountUrl: registration.url }), ...POLLING });
  const contact = [`mailto:${settings.email}`];
  if (registration === undefined) {
    // Enabling [acme] is the administrator's agreement to the CA's terms (RFC 8555 §7.3 termsOfServiceAgreed).
    await client.createAccount({ termsOfServiceAgreed: true, contact });
    await saveRegistration(instanceDir, settings.directoryUrl, { url: client.getAccountUrl(), email: settings.email });
    logger.info({ account: client.getAccountUrl(), email: settings.email }, 'ACME account registered');
  } else if (registration.email !== settings.email) {
    await client.updateAccount({ contact });
    await saveRegistration(instanceDir, settings.directoryUrl, { url: registration.url, email: settings.email });
    logger.info({ account: registration.url, email: settings.email }, 'ACME account contact updated');
  }
  return client;
}

async function newCertificateKey(settings: AcmeSettings): Promise<Buffer> {
  return settings.keyType === 'rsa-2048' ? acmeCrypto.createPrivateRsaKey(2048) : acmeCrypto.createPrivateEcdsaKey('P-256');
}

export async function issueCertificate(opts: IssueOptions): Promise<IssuedCertificate> {
  const { settings, challenges, logger } = opts;
  trustForDirectory(settings.directoryUrl, opts.caPem);
  const client = await accountClient(opts);
  const key = await newCertificateKey(settings);
  const [, csr] = await acmeCrypto.createCsr({ commonName: settings.hostnames[0], altNames: [...settings.hostnames] }, key);
  const provisioned = (authz: Authorization, type: string): string => {
    if (type !== settings.challenge) throw new Error(`the CA offers no ${settings.challenge} challenge for ${authz.identifier.value} (only ${authz.challenges.map((c) => c.type).join(', ')})`);
    return authz.identifier.value;
  };
  const fullchainPem = await client.auto({
    csr,
    email: settings.email,
    termsOfServiceAgreed: true,
    challengePriority: [settings.challenge],
    // acme-client's self-check asks the system resolver and port 80 from inside; the CA's view is what counts.
    skipChallengeVerification: true,
    challengeCreateFn: async (authz, challenge, keyAuthorization) => {
      const type: string = challenge.type;
      const hostname = provisioned(authz, type);
      if (type === 'http-01') {
        challenges.setHttp(challenge.token, keyAuthorization);
      } else {
        const [alpnKey, alpnCertificate] = await acmeCrypto.createAlpnCertificate(authz, keyAuthorization, await acmeCrypto.createPrivateEcdsaKey('P-256'));
        challenges.setAlpn(hostname, createSecureContext({ key: alpnKey, cert: alpnCertificate }));
      }
      logger.debug({ hostname, challenge: type }, 'ACME challenge ready');
    },
    challengeRemoveFn: async (authz, challenge) => {
      const type: string = challenge.type;
      if (type === 'http-01') challenges.removeHttp(challenge.token);
      else challenges.removeAlpn(authz.identifier.value);
    },
  });
  return { fullchainPem, keyPem: key.toString() };
}
