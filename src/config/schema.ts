// The mailstead.toml schema: the single source of truth for keys, defaults, validation and
// docs/configuration.md (generated from the descriptions here by `npm run docs:config`).
import { createSecureContext } from 'node:tls';
import { z } from 'zod';
import { parseDuration, parseSize } from '../util/units.ts';
import { isValidCidr } from '../util/cidr.ts';
import { parseDnsServer } from '../dns/servers.ts';

const size = (fallback: string) =>
  z
    .union([z.string(), z.number()])
    .default(fallback)
    .transform((v, ctx) => {
      const bytes = parseSize(v);
      if (bytes === undefined) {
        ctx.addIssue({ code: 'custom', message: `not a size like "25MB": ${JSON.stringify(v)}` });
        return z.NEVER;
      }
      return bytes;
    });

const duration = (fallback: string) =>
  z
    .union([z.string(), z.number()])
    .default(fallback)
    .transform((v, ctx) => {
      const ms = parseDuration(v);
      if (ms === undefined) {
        ctx.addIssue({ code: 'custom', message: `not a duration like "90s", "5m", "5h", "14d": ${JSON.stringify(v)}` });
        return z.NEVER;
      }
      return ms;
    });

const count = (fallback: number) => z.number().int().min(1).default(fallback);

/** Protocols that have a listener implementation. Later issues add theirs here. */
export const PROTOCOLS = ['smtp', 'submission', 'imap', 'pop3', 'http', 'https'] as const;
export type Protocol = (typeof PROTOCOLS)[number];

/**
 * The listeners opened when `[[listeners]]` is absent: each at `port_base` + its standard port.
 * SMTP on 25 with STARTTLS (RFC 3207); submission on 587 with STARTTLS and on 465 with implicit TLS
 * (RFC 6409, RFC 8314 §3.3); IMAP on 143 with STARTTLS and on 993 with implicit TLS, POP3
 * on 110 with STLS (RFC 2595) and on 995 with implicit TLS (RFC 8314 §3.3 prefers implicit TLS for
 * mail access, clients still expect both).
 */
export const DEFAULT_LISTENERS: ReadonlyArray<{ protocol: Protocol; port: number; tls: 'starttls' | 'implicit' }> = [
  { protocol: 'smtp', port: 25, tls: 'starttls' },
  { protocol: 'submission', port: 587, tls: 'starttls' },
  { protocol: 'submission', port: 465, tls: 'implicit' },
  { protocol: 'imap', port: 143, tls: 'starttls' },
  { protocol: 'imap', port: 993, tls: 'implicit' },
  { protocol: 'pop3', port: 110, tls: 'starttls' },
  { protocol: 'pop3', port: 995, tls: 'implicit' },
];

/**
 * A listener's encryption policy when `encryption` is not set (issue 7): `required` for submission, IMAP
 * and POP3, which never take a password in clear text (RFC 8314 §4.1, RFC 4954 §4, RFC 9051 §6.2.3
 * LOGINDISABLED, RFC 2595 §4); `optional` for port 25, which must accept plain mail (RFC 3207 §4).
 */
export const ENCRYPTION_DEFAULT: Record<Protocol, 'optional' | 'required'> = { smtp: 'optional', submission: 'required', imap: 'required', pop3: 'required', http: 'optional', https: 'required' };

/**
 * The web listeners added to the default set only when `[acme] enabled` (so an existing install never
 * opens 80 and 443 by surprise): plain HTTP on 80, which answers ACME HTTP-01 challenges (RFC 8555
 * §8.3), and HTTPS on 443, which answers TLS-ALPN-01 challenges (RFC 8737 §3).
 */
export const ACME_LISTENERS: ReadonlyArray<{ protocol: Protocol; port: number; tls: 'none' | 'implicit' }> = [
  { protocol: 'http', port: 80, tls: 'none' },
  { protocol: 'https', port: 443, tls: 'implicit' },
];

/** Let's Encrypt's production directory, the `[acme] directory_url` default. */
export const LETS_ENCRYPT_DIRECTORY = 'https://acme-v02.api.letsencrypt.org/directory';
/** Let's Encrypt's staging directory: untrusted certificates, generous rate limits; try it first. */
export const LETS_ENCRYPT_STAGING_DIRECTORY = 'https://acme-staging-v02.api.letsencrypt.org/directory';

/** A DNS host name (RFC 1123 §2.1 labels, at least two of them), as a CA validates one. */
const HOST_NAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/i;

export const listenerSchema = z.strictObject({
  protocol: z.enum(PROTOCOLS).describe('What the listener serves: `smtp` (inbound MTA, port 25), `submission` (mail clients sending with AUTH, ports 587 and 465), `imap` (mail access, ports 143 and 993), `pop3` (mail download, ports 110 and 995), `http` (port 80: ACME HTTP-01 challenges) or `https` (port 443: ACME TLS-ALPN-01 challenges).'),
  address: z.string().default('0.0.0.0').describe('Address to bind; `::` for IPv6 (and IPv4 where dual-stack).'),
  port: z.number().int().min(0).max(65535).describe('TCP port; 0 picks a free port (tests).'),
  tls: z
    .enum(['none', 'starttls', 'implicit'])
    .default('starttls')
    .describe('How TLS starts: `none`, `starttls` (upgrade on the plain connection) or `implicit` (TLS from the first byte). An `http` listener is always `none` and an `https` listener always `implicit`: leave it out for them.'),
  encryption: z
    .enum(['optional', 'required'])
    .optional()
    .describe('With `tls = "starttls"`: `required` refuses credentials (and, for SMTP, mail commands) before STARTTLS — IMAP advertises `LOGINDISABLED`, POP3 leaves `USER` and `SASL` out of `CAPA`, SMTP submission does not offer `AUTH` — and `optional` accepts them in clear text too. Default `required` for `submission`, `imap` and `pop3`, `optional` for `smtp` (RFC 3207 §4: port 25 must accept plain mail). `tls = "implicit"` is always encrypted; `tls = "none"` never is.'),
})
  .superRefine((listener, ctx) => {
    if (listener.protocol === 'http' && listener.tls === 'implicit') ctx.addIssue({ code: 'custom', path: ['tls'], message: 'an http listener is plain HTTP: leave tls out (an https listener is the TLS one)' });
    if (listener.protocol === 'https' && listener.tls === 'none') ctx.addIssue({ code: 'custom', path: ['tls'], message: 'an https listener is implicit TLS: leave tls out (an http listener is the plain one)' });
  })
  .transform((listener) => ({ ...listener, tls: webListenerTls(listener.protocol) ?? listener.tls }));

/** `http` is plain and `https` implicit TLS whatever `tls` says (its default, `starttls`, means nothing for HTTP). */
function webListenerTls(protocol: Protocol): 'none' | 'implicit' | undefined {
  return protocol === 'http' ? 'none' : protocol === 'https' ? 'implicit' : undefined;
}

/** A next hop for outbound mail: a smart host or a route (src/outbound NextHop). */
const nextHopSchema = z.strictObject({
  host: z.string().min(1).describe('`[name]` (its addresses, no MX lookup), `name` (its MX hosts) or an IP address.'),
  port: z.number().int().min(1).max(65535).default(25).describe('TCP port: 587 with `tls = "required"`, 465 with `tls = "implicit"`.'),
  tls: z
    .enum(['none', 'opportunistic', 'required', 'implicit'])
    .default('opportunistic')
    .describe('`opportunistic` (STARTTLS when offered), `required` (STARTTLS and a valid certificate), `implicit` (TLS from the first byte) or `none`.'),
  username: z.string().optional().describe('AUTH user name, when the server wants a login.'),
  password: z.string().optional().describe('AUTH password.'),
  verify_certificate: z.boolean().default(true).describe('With `required` or `implicit`: refuse a certificate that does not verify.'),
  rewrite_sender: z
    .string()
    .regex(/^[^@\s<>]+@[^@\s<>]+$/, { message: 'not an address like you@provider.example' })
    .optional()
    .describe('For smart hosts that accept only their own account as sender (Gmail, Yandex, …): mail sent this way gets this envelope sender and `From:` address (the display name is kept, the original address goes into `Reply-To:` when there is none).'),
}).refine((hop) => hop.username === undefined || hop.tls === 'required' || hop.tls === 'implicit', {
  // A password must only go to the server we mean: over TLS whose certificate is checked.
  message: 'a username (AUTH) needs tls = "required" or "implicit", so the password is only sent to a verified server',
  path: ['tls'],
});

/** An OpenSSL cipher list that selects at least one cipher (unknown names in it are ignored, as OpenSSL does). */
function isCipherList(ciphers: string): boolean {
  try {
    createSecureContext({ ciphers });
    return true;
  } catch {
    return false;
  }
}

/** An explicit certificate of `[[tls.certificates]]` (docs/tls.md). */
const tlsCertificateSchema = z.strictObject({
  cert: z.string().min(1).describe('PEM certificate followed by its chain, relative to the instance directory.'),
  key: z.string().min(1).describe('Its PEM private key (unencrypted); may be the same file as `cert`.'),
  chain: z.string().min(1).optional().describe('PEM intermediates, when they are not in `cert`.'),
});

export const configSchema = z.strictObject({
  hostname: z.string().min(1).describe('The server\'s name: EHLO/HELO greeting, `Received:` headers, default certificate name.'),
  user: z.string().optional().describe('When started as root: the user to drop privileges to after binding the ports.'),
  port_base: z
    .number()
    .int()
    .min(0)
    .max(60000)
    .default(0)
    .describe('Added to each standard port for the default listeners (10000 → SMTP on 10025). 0 = standard ports.'),
  listen_address: z.string().default('0.0.0.0').describe('Address of the default listeners (those made from `port_base`).'),
  listeners: z
    .array(listenerSchema)
    .optional()
    .describe('Explicit listeners (`[[listeners]]`). When absent: SMTP on `port_base` + 25 (STARTTLS), submission on + 587 (STARTTLS) and + 465 (implicit TLS), IMAP on + 143 (STARTTLS) and + 993 (implicit TLS), POP3 on + 110 (STLS) and + 995 (implicit TLS); with `[acme] enabled` also HTTP on + 80 and HTTPS on + 443.'),
  shutdown_timeout: duration('30s').describe('On SIGTERM/SIGINT: how long open sessions may finish before they are cut.'),
  tls: z
    .strictObject({
      cert: z.string().default('certs/server.crt').describe('The default certificate: a PEM file with the server certificate first, then its chain (the key may be in it too), relative to the instance directory. Served to clients that send no server name (SNI) or one no other certificate matches — unless a certificate in the store or in `[[tls.certificates]]` covers the same first host name: then that one takes its place (docs/tls.md).'),
      key: z.string().default('certs/server.key').describe('PEM private key of `cert` (unencrypted), relative to the instance directory; may be the same file as `cert`.'),
      chain: z.string().optional().describe('PEM file with the intermediate certificates, when they are not in `cert` (leaf issuer first).'),
      certificates: z
        .array(tlsCertificateSchema)
        .default([])
        .describe('More certificates (`[[tls.certificates]]`), each chosen by SNI for the host names it holds. Certificates in the store (`certs/live/`, from `mailstead cert import`) are loaded too, without being listed here.'),
      min_version: z
        .enum(['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'])
        .default('TLSv1.2')
        .describe('Lowest TLS version accepted; TLS 1.3 is preferred whenever the client has it. `TLSv1` (1.0) and `TLSv1.1` are deprecated (RFC 8996): enable them only for old devices (printers, scanners) that cannot do better; they also lower OpenSSL\'s security level to 0, and the server warns at every start.'),
      ciphers: z
        .string()
        .refine(isCipherList, { message: 'OpenSSL knows no cipher in this list (see `openssl ciphers -v LIST`)' })
        .optional()
        .describe('OpenSSL cipher list for TLS 1.2 and older, e.g. `ECDHE+AESGCM:ECDHE+CHACHA20`; the server\'s order is preferred. TLS 1.3 suites (names starting `TLS_`) may be listed too; without any, OpenSSL\'s TLS 1.3 defaults stay on. Default: Node.js\'s default list.'),
      watch_interval: duration('1m').describe('How often the certificate files and the store are checked for changes; a changed or new certificate is used by new connections without a restart. `0s` checks only on SIGHUP.'),
    })
    .prefault({})
    .describe('Certificates and TLS policy of the listeners (docs/tls.md).'),
  dns: z
    .strictObject({
      servers: z
        .array(z.string().refine((text) => parseDnsServer(text) !== null, { message: 'not a resolver address like "192.0.2.53", "192.0.2.53:5353" or "[2001:db8::53]:53"' }))
        .default([])
        .describe('Resolvers (an IP address, with `:port` if not 53; IPv6 with a port in brackets) to use instead of the system\'s.'),
    })
    .prefault({})
    .describe('DNS resolution.'),
  smtp: z
    .strictObject({
      relay_networks: z
        .array(z.string().refine(isValidCidr, { message: 'not an address or CIDR network' }))
        .default([])
        .describe('Client networks (CIDR) that may relay to remote domains without AUTH on port 25 (printers, scanners, applications). Default none, loopback included. A network of everything (`0.0.0.0/0`, `::/0`) is refused unless `relay_networks_allow_all` is set.'),
      relay_networks_allow_all: z
        .boolean()
        .default(false)
        .describe('Permits `0.0.0.0/0` or `::/0` in `relay_networks`: an open relay unless a firewall restricts who reaches port 25. `mailstead serve` logs a warning at every start.'),
      max_message_size: size('25MB').describe('Largest message accepted (advertised as SIZE, enforced at MAIL FROM and while reading data).'),
      max_recipients: count(100).describe('Recipients per message; more get `452 4.5.3`.'),
      max_line_length: size('2KB').describe('Longest command line in octets (RFC 5321 §4.5.3.1.4 allows 512 plus extension parameters). Message lines are streamed, so only the header section is bounded, by `max_header_size`.'),
      max_header_size: size('256KB').describe('Largest header section of a message.'),
      max_received_headers: count(50).describe('More `Received:` headers than this is a mail loop and is rejected.'),
      max_errors: count(10).describe('Protocol errors in one session before it is disconnected.'),
      max_commands: count(10000).describe('Commands in one session before it is disconnected.'),
      max_connections: count(500).describe('Simultaneous SMTP connections in all.'),
      max_connections_per_ip: count(20).describe('Simultaneous SMTP connections from one client address.'),
      command_timeout: duration('5m').describe('Idle time allowed while waiting for a command (RFC 5321 §4.5.3.2).'),
      data_timeout: duration('10m').describe('Idle time allowed while reading message data.'),
      auth_failure_delay: duration('2s').describe('Delay before answering a failed AUTH on a submission listener, to slow password guessing.'),
    })
    .superRefine((smtp, ctx) => {
      if (smtp.relay_networks_allow_all) return;
      for (const [index, network] of smtp.relay_networks.entries()) {
        if (/\/0$/.test(network.trim())) {
          ctx.addIssue({ code: 'custom', path: ['relay_networks', index], message: `${network} lets every address relay (an open relay); set relay_networks_allow_all = true to force it` });
        }
      }
    })
    .prefault({})
    .describe('SMTP server limits and relay rules.'),
  imap: z
    .strictObject({
      max_line_length: size('64KB').describe('Longest command line in octets, literals excluded (RFC 7162 §4 asks for at least 8192). A longer line closes the connection with `* BYE`.'),
      max_literal_size: size('64MB').describe('Largest literal, so the largest message APPEND accepts; advertised as `APPENDLIMIT` (RFC 7889). Larger synchronizing literals get `NO [TOOBIG]`.'),
      max_command_size: size('64MB').describe('Octets of all literals of one command together (a multi-message APPEND).'),
      max_connections: count(1000).describe('Simultaneous IMAP connections in all.'),
      max_connections_per_ip: count(50).describe('Simultaneous IMAP connections from one client address (clients open several per account).'),
      max_bad_commands: count(20).describe('`BAD` replies in one session before it is disconnected.'),
      idle_timeout: duration('30m')
        .refine((ms) => ms >= 30 * 60_000, { message: 'must be at least 30m (RFC 9051 §5.4)' })
        .describe('Idle time allowed after login, IDLE included (RFC 9051 §5.4: at least 30 minutes).'),
      preauth_timeout: duration('60s').describe('Idle time allowed before login.'),
      auth_failure_delay: duration('2s').describe('Delay before answering a failed LOGIN or AUTHENTICATE, to slow password guessing.'),
    })
    .prefault({})
    .describe('IMAP server limits.'),
  pop3: z
    .strictObject({
      max_line_length: size('2KB').describe('Longest command line in octets (RFC 2449 §4 allows 255; a SASL response may be longer). A longer line is answered `-ERR` and closes the connection.'),
      max_connections: count(500).describe('Simultaneous POP3 connections in all.'),
      max_connections_per_ip: count(20).describe('Simultaneous POP3 connections from one client address.'),
      max_bad_commands: count(10).describe('`-ERR` replies to unknown or malformed commands in one session before it is disconnected.'),
      idle_timeout: duration('10m')
        .refine((ms) => ms >= 1000, { message: 'must be at least 1s' })
        .describe('Idle time allowed while waiting for a command (RFC 1939 §3: an autologout timer of at least 10 minutes).'),
      auth_failure_delay: duration('2s').describe('Delay before answering a failed PASS or AUTH, to slow password guessing.'),
    })
    .prefault({})
    .describe('POP3 server limits.'),
  delivery: z
    .strictObject({
      plus_delimiter: z
        .string()
        .max(1)
        .default('+')
        .describe('Sub-address delimiter: `user+tag@domain` delivers to `user@domain`. Empty disables plus-addressing.'),
      max_alias_depth: count(10).describe('How deep nested aliases may expand before it counts as a loop.'),
    })
    .prefault({})
    .describe('Local delivery.'),
  srs: z
    .strictObject({
      enabled: z
        .boolean()
        .default(true)
        .describe('Rewrite the envelope sender of mail forwarded to other domains (SRS), and pass bounces to SRS addresses on to the original sender. Off: forwarded mail keeps its sender (and may fail SPF at the next hop), and SRS addresses are ordinary, unknown recipients.'),
      secrets: z
        .array(z.string().min(16, { message: 'an SRS secret needs at least 16 characters' }))
        .default([])
        .describe('SRS secrets of at least 16 characters, newest first: the first signs new addresses, every one is accepted for bounces coming back (rotation: put the new one first, remove the old one after `max_age`). Give every node the same list. Empty: a random secret generated once and kept in the store (it is always accepted too).'),
      max_age: duration('21d')
        .refine((ms) => ms % 86_400_000 === 0 && ms >= 86_400_000 && ms < 1024 * 86_400_000, { message: 'must be whole days from 1d to 1023d' })
        .describe('How long an SRS address stays valid for bounces (whole days; postsrsd uses 21).'),
    })
    .prefault({})
    .describe('Forwarding: the Sender Rewriting Scheme (docs/sending.md).'),
  queue: z
    .strictObject({
      retry_schedule: z
        .array(z.union([z.string(), z.number()]))
        .min(1)
        .default(['5m', '10m', '20m', '40m', '1h'])
        .transform((list, ctx) => {
          const out: number[] = [];
          for (const item of list) {
            const ms = parseDuration(item);
            if (ms === undefined || ms < 1000) {
              ctx.addIssue({ code: 'custom', message: `not a duration of at least 1s: ${JSON.stringify(item)}` });
              return z.NEVER;
            }
            out.push(ms);
          }
          return out;
        })
        .describe('Waits between delivery attempts of a deferred message (4xx reply, no server reachable); the last one repeats until `max_lifetime`. A little random jitter is added.'),
      max_lifetime: duration('5d').describe('How long a message may stay in the queue; then it bounces (RFC 5321 §4.5.4.1 suggests 4–5 days).'),
      delay_warning: duration('4h').describe('Send the sender one "still trying" notice once delivery has been deferred this long (RFC 3461 NOTIFY=DELAY). `0s` never sends one.'),
      bounce_size_limit: size('50KB').describe('Largest original message returned inside a bounce; a larger one is returned as its header only (Postfix\'s bounce_size_limit).'),
      postmaster_copy: z.boolean().default(false).describe('Send the postmaster a copy of every bounce (the header of the original only).'),
      concurrency: count(20).describe('Destinations delivered to at the same time.'),
    })
    .prefault({})
    .describe('The outbound queue: retries, bounces and delay warnings (docs/sending.md).'),
  outbound: z
    .strictObject({
      helo_name: z.string().optional().describe('The name given in EHLO to other servers; default `hostname`. It should have an A record and match the reverse DNS of the sending address.'),
      source_address: z.string().optional().describe('Local IPv4 address for outgoing connections (a machine with several addresses).'),
      source_address6: z.string().optional().describe('Local IPv6 address for outgoing connections.'),
      mx_port: z.number().int().min(1).max(65535).default(25).describe('Port of MX hosts (RFC 5321: 25). Only test networks change it.'),
      address_preference: z
        .enum(['ipv6-first', 'ipv4-first', 'ipv6-only', 'ipv4-only'])
        .default('ipv6-first')
        .describe('Which address family of an MX host to try first, or only. Choose `ipv4-first` when the server\'s IPv6 address has no reverse DNS.'),
      max_connections_per_destination: count(10).describe('Connections open at once to one destination (a domain\'s MX hosts, or a route).'),
      smart_host: nextHopSchema.optional().describe('Send all remote mail through this server (the ISP\'s or a mail service\'s submission server) instead of the recipients\' MX hosts.'),
      routes: z
        .array(nextHopSchema.extend({ domain: z.string().min(1).describe('`example.com`, `.example.com` (its subdomains) or `*`.') }))
        .default([])
        .describe('Per-domain routes (`[[outbound.routes]]`), like Postfix\'s transport map; they come before the smart host.'),
    })
    .prefault({})
    .describe('Delivery to other servers: routes, smart host, connections (docs/sending.md).'),
  pickup: z
    .strictObject({
      enabled: z.boolean().default(true).describe('Deliver `.eml` files dropped into `pickup/` in the instance directory.'),
      interval: duration('5s').describe('How often `pickup/` is scanned (besides the file-system notifications).'),
    })
    .prefault({})
    .describe('The pickup folder (docs/sending.md).'),
  store: z
    .strictObject({
      change_log_retention: duration('30d').describe(
        'How long mailbox changes (flag changes, expunges) are kept for CONDSTORE/QRESYNC resyncs (RFC 7162). A client that was away longer gets a full resync instead. Trimmed hourly.',
      ),
    })
    .prefault({})
    .describe('The message store.'),
  acme: z
    .strictObject({
      enabled: z.boolean().default(false).describe('Get and renew the listeners\' certificate automatically from an ACME CA (RFC 8555), e.g. Let\'s Encrypt. Enabling it agrees to the CA\'s terms of service. Adds the `http` (port 80) and `https` (port 443) listeners to the default set (docs/tls.md).'),
      directory_url: z
        .url({ protocol: /^https$/, error: 'not an https:// URL (RFC 8555 §6.1: ACME runs over HTTPS)' })
        .default(LETS_ENCRYPT_DIRECTORY)
        .describe(`The CA's ACME directory. Default Let's Encrypt production; try its staging directory \`${LETS_ENCRYPT_STAGING_DIRECTORY}\` first (untrusted certificates, generous rate limits).`),
      email: z
        .string()
        .regex(/^[^@\s<>]+@[^@\s<>]+$/, { message: 'not an address like postmaster@example.org' })
        .optional()
        .describe('Contact address registered with the CA (expiry and policy notices). Required when `enabled`.'),
      hostnames: z
        .array(z.string().regex(HOST_NAME, { message: 'not a host name like mail.example.org (wildcards need DNS-01, which Mailstead does not do)' }))
        .min(1)
        .optional()
        .describe('Names the certificate covers, one certificate with all of them; each needs a DNS A/AAAA record pointing at this server. Default: `[hostname]`. The first names the entry in `certs/live/`.'),
      challenge: z
        .enum(['http-01', 'tls-alpn-01'])
        .default('http-01')
        .describe('How the CA checks that the names point here: `http-01` (RFC 8555 §8.3, a request to port 80: needs an `http` listener) or `tls-alpn-01` (RFC 8737, a TLS handshake on port 443: needs an `https` listener).'),
      key_type: z.enum(['ecdsa-p256', 'rsa-2048']).default('ecdsa-p256').describe('Key of each new certificate: ECDSA P-256 (small, fast, what every current client supports) or RSA 2048 (very old clients).'),
      renew_before: duration('30d').describe('Renew a certificate when it expires within this time (Let\'s Encrypt certificates last 90 days). Checked at start and every 12 hours; a failed attempt is retried after 1 minute, doubling up to 6 hours.'),
      ca_file: z.string().min(1).optional().describe('PEM file of further CA certificates to trust for the ACME server\'s HTTPS (a private CA, or a test CA such as pebble\'s), relative to the instance directory.'),
    })
    .superRefine((acme, ctx) => {
      if (acme.enabled && acme.email === undefined) ctx.addIssue({ code: 'custom', path: ['email'], message: 'required when acme.enabled = true (the contact address registered with the CA)' });
    })
    .prefault({})
    .describe('Automatic certificates from an ACME CA such as Let\'s Encrypt (docs/tls.md).'),
  log: z
    .strictObject({
      level: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info').describe('Least severe level written.'),
    })
    .prefault({})
    .describe('Logging (JSON lines on standard output).'),
}).superRefine((config, ctx) => {
  // ACME: explicit listeners must include the one the chosen challenge is answered on.
  if (!config.acme.enabled || config.listeners === undefined) return;
  const needed = config.acme.challenge === 'http-01' ? 'http' : 'https';
  if (!config.listeners.some((listener) => listener.protocol === needed)) {
    ctx.addIssue({ code: 'custom', path: ['acme', 'challenge'], message: `${config.acme.challenge} needs an \`${needed}\` listener in [[listeners]] (port ${needed === 'http' ? 80 : 443})` });
  }
});

export type Config = z.output<typeof configSchema>;
export type ListenerConfig = z.output<typeof listenerSchema>;
