// How acme-client reaches the CA: it sends every request through one shared axios instance, with no
// per-client TLS options. This module hooks that instance once, so that requests to a directory's
// origin trust `[acme] ca_file` (a private CA, pebble's test CA) on top of Node's default roots, and
// so that no request waits forever on a CA that accepted the connection and went silent.
import { Agent } from 'node:https';
import { getCACertificates } from 'node:tls';
import { axios as acmeAxios } from 'acme-client';

/** One request to the CA; acme-client's own retries of 5xx and network errors come on top. */
export const CA_REQUEST_TIMEOUT_MS = 30_000;

const agentsByOrigin = new Map<string, Agent>();
let hooked = false;

function hook(): void {
  if (hooked) return;
  hooked = true;
  acmeAxios.interceptors.request.use((config) => {
    if (config.url !== undefined) {
      const agent = agentsByOrigin.get(new URL(config.url).origin);
      if (agent !== undefined) config.httpsAgent = agent;
    }
    if (!config.timeout) config.timeout = CA_REQUEST_TIMEOUT_MS;
    return config;
  });
}

/** From now on, requests to the origin of `directoryUrl` also trust `caPem` (undefined: the default roots only). */
export function trustForDirectory(directoryUrl: string, caPem: string | undefined): void {
  hook();
  const origin = new URL(directoryUrl).origin;
  if (caPem === undefined) agentsByOrigin.delete(origin);
  else agentsByOrigin.set(origin, new Agent({ ca: [...getCACertificates('default'), caPem] }));
}
