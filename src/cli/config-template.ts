// The mailstead.toml that `init` writes: the keys an administrator is likely to touch first, the
// rest commented with their defaults. Every key is in docs/configuration.md.

export interface ConfigTemplateOptions {
  hostname: string;
  /** Written only when given; absent means the standard ports (port_base 0). */
  portBase?: number;
}

/** TOML basic string (TOML 1.0 "Basic strings" share JSON's escapes for what a hostname can hold). */
function tomlString(value: string): string {
  return JSON.stringify(value);
}

export function renderConfigTemplate(opts: ConfigTemplateOptions): string {
  const portBase =
    opts.portBase === undefined
      ? '# port_base = 10000        # listen at 10000 + the standard port (SMTP on 10025), e.g. when not root\n'
      : `port_base = ${opts.portBase}${opts.portBase === 0 ? '' : `        # SMTP on ${opts.portBase + 25}`}\n`;
  return `# Mailstead configuration. Every key, its type and default: docs/configuration.md
# Paths are relative to this directory. An unknown key or a wrong type stops the server with an
# error naming it. SIGHUP reloads it; changes to hostname and listeners need a restart.

# The server's name: EHLO greeting, Received: headers, certificate name. Publish an A record for it
# and point your domains' MX records at it.
hostname = ${tomlString(opts.hostname)}

# The default listeners sit at port_base + the standard port; 0 = the standard ports (needs root).
${portBase}
# [tls]
# cert = "certs/server.crt"   # PEM certificate with its chain (init made a self-signed one)
# key = "certs/server.key"
# min_version = "TLSv1.2"

# [log]
# level = "info"              # trace, debug, info, warn, error, fatal or silent

[smtp]
# Client networks that may send to remote domains without logging in (printers, scanners, your
# other servers). Default: none.
# relay_networks = ["192.168.1.0/24"]
# max_message_size = "25MB"
`;
}
