// Outbound route resolution: for one destination domain, the ordered hosts (with their addresses) to
// deliver to, or why there are none. The queue calls it once per destination and attempt; the SMTP
// client tries the candidates in order.
//
// Precedence, first that applies:
//   1. a transport route matching the domain (exact, nearest `.parent`, `*`; see route-transports.ts);
//   2. the smart host;
//   3. an address-literal domain (`[192.0.2.1]`, RFC 5321 §4.1.3): that address, no DNS;
//   4. the domain's MX hosts (RFC 5321 §5.1): by preference, random among equal ones; no MX records
//      (NODATA) → the domain itself as implicit MX; only a null MX (RFC 7505) → permanent 556 5.1.10.
// A configured hop's host `[name]` or an IP address is used as it is; a bare name is looked up like a
// recipient domain (its MX hosts, or itself), with the hop's port.
//
// Invariants:
// - Definite DNS answers about the recipient's domain (NXDOMAIN, null MX, nothing usable) are
//   permanent failures; a temporary DNS failure that leaves no candidate is temporary (4.4.3); a
//   configured hop that cannot be resolved is temporary (4.3.5), since the fix is ours to make.
// - A candidate always has at least one address; hosts without any are left out, with a note.
// - Loops (RFC 5321 §5.1): an MX list is cut at the first preference that names us (by host name, or
//   by an address in `ownAddresses`); if nothing is left, the mail loops back to myself (554 5.4.6).
//   A hop configured as `[name]` or an address is not checked (it may be a local filter on another
//   port); the SMTP client notices a peer that greets with our own name.
// - Lookups are bounded: one MX query, then two address queries for each of at most `maxMxHosts` hosts.
import { isIP } from 'node:net';
import { toDnsName } from '../dns/index.ts';
import { NetworkList } from '../util/cidr.ts';
import { familyAllowed, resolveHostAddresses, type HostAddresses } from './route-addresses.ts';
import { badDomain, dnsTemporary, hopUnusable, loopsBack, noSuchDomain, noUsableHost, nullMx } from './route-failures.ts';
import { parseDestination, parseHopHost, type Destination } from './route-hosts.ts';
import { cutAtSelf, orderMxHosts, type MxHost } from './route-mx.ts';
import { matchTransport } from './route-transports.ts';
import type { DeliveryCandidate, NextHop, RouteDeps, RouteFailure, RouteResult, RouteSettings, RouteVia } from './types.ts';

/** Where mail for `domain` (the part after `@`, U-labels allowed) goes now. Never throws. */
export async function resolveRoute(domain: string, settings: RouteSettings, deps: RouteDeps): Promise<RouteResult> {
  const destination = parseDestination(domain);
  if (!destination) return badDomain(domain);
  const route = matchTransport(destination, settings.transports);
  if (route) return viaHop({ kind: 'transport', route }, route, settings, deps);
  if (settings.smartHost) return viaHop({ kind: 'smart-host', hop: settings.smartHost }, settings.smartHost, settings, deps);
  if (destination.kind === 'address-literal') return viaAddressLiteral(destination, settings);
  return deliver({ kind: 'mx' }, await mxCandidates(destination.name, settings.mxPort, 'recipient', settings, deps));
}

interface Found {
  candidates: DeliveryCandidate[];
  notes: string[];
}

/** Whose name is being resolved: a recipient domain's (definite failures bounce) or a configured hop's. */
type Purpose = 'recipient' | 'hop';

function deliver(via: RouteVia, found: Found | RouteFailure): RouteResult {
  return 'kind' in found ? found : { kind: 'deliver', via, ...found };
}

async function viaHop(via: RouteVia, hop: NextHop, settings: RouteSettings, deps: RouteDeps): Promise<RouteResult> {
  const target = parseHopHost(hop.host);
  if (!target) return hopUnusable(JSON.stringify(hop.host), 'is not a host name or IP address');
  if (target.kind === 'address') return deliver(via, { candidates: [{ host: target.address, port: hop.port, addresses: [target.address] }], notes: [] });
  if (target.kind === 'mx') return deliver(via, await mxCandidates(target.name, hop.port, 'hop', settings, deps));
  const found = await resolveHostAddresses(target.name, settings.addressPreference, deps.resolver);
  return deliver(via, collect([{ name: target.name, preference: 0, ...found }], hop.port, [], target.name, 'hop'));
}

function viaAddressLiteral(destination: Extract<Destination, { kind: 'address-literal' }>, settings: RouteSettings): RouteResult {
  const family = isIP(destination.address) === 6 ? 6 : 4;
  if (!familyAllowed(settings.addressPreference, family)) {
    return noUsableHost(destination.key, [`IPv${family} is not used (address preference ${settings.addressPreference})`]);
  }
  if (new NetworkList(settings.ownAddresses).contains(destination.address)) return loopsBack(destination.key);
  const candidate = { host: destination.address, port: settings.mxPort, addresses: [destination.address] };
  return { kind: 'deliver', via: { kind: 'address-literal' }, candidates: [candidate], notes: [] };
}

/** The MX hosts of `name` (or `name` itself as implicit MX) with their addresses, best first. */
async function mxCandidates(name: string, port: number, purpose: Purpose, settings: RouteSettings, deps: RouteDeps): Promise<Found | RouteFailure> {
  const answer = await deps.resolver.mx(name);
  if (answer.kind === 'temporary') return dnsTemporary(name, [`MX ${answer.reason}`]);
  if (answer.kind === 'nxdomain') return purpose === 'recipient' ? noSuchDomain(name) : hopUnusable(name, 'does not exist');
  let hosts: MxHost[] = [{ name, preference: 0 }]; // RFC 5321 §5.1 implicit MX, when there are no MX records
  const notes: string[] = [];
  if (answer.kind === 'records') {
    const list = orderMxHosts(answer.records, deps.random);
    if (list.kind === 'null-mx') return purpose === 'recipient' ? nullMx(name) : hopUnusable(name, 'has a null MX');
    hosts = list.hosts;
    notes.push(...list.notes);
  }

  const ownNames = new Set(settings.ownHostnames.map(toDnsName));
  const byName = cutAtSelf(hosts, (h) => ownNames.has(h.name));
  if (byName.cut && byName.hosts.length === 0) return loopsBack(name);
  if (byName.hosts.length > settings.maxMxHosts) notes.push(`${byName.hosts.length - settings.maxMxHosts} MX hosts beyond the first ${settings.maxMxHosts} ignored`);
  const considered = byName.hosts.slice(0, settings.maxMxHosts);

  const resolved = await Promise.all(
    considered.map(async (host) => ({ ...host, ...(await resolveHostAddresses(host.name, settings.addressPreference, deps.resolver)) })),
  );
  const ownAddresses = new NetworkList(settings.ownAddresses);
  const byAddress = cutAtSelf(resolved, (h) => h.addresses.some((a) => ownAddresses.contains(a)));
  if (byAddress.cut && byAddress.hosts.length === 0) return loopsBack(name);
  return collect(byAddress.hosts, port, notes, name, purpose);
}

/** Candidates from resolved hosts, in order; a failure when none has an address. */
function collect(hosts: ReadonlyArray<MxHost & HostAddresses>, port: number, notes: string[], name: string, purpose: Purpose): Found | RouteFailure {
  const candidates: DeliveryCandidate[] = [];
  let temporary = false;
  for (const host of hosts) {
    if (host.addresses.length > 0) {
      candidates.push({ host: host.name, port, addresses: host.addresses });
      if (host.temporary) notes.push(`${host.name}: ${host.problems.join(', ')}`);
    } else {
      temporary ||= host.temporary;
      notes.push(`${host.name}: no addresses (${host.problems.join(', ')})`);
    }
  }
  if (candidates.length > 0) return { candidates, notes };
  if (temporary) return dnsTemporary(name, notes);
  return purpose === 'recipient' ? noUsableHost(name, notes) : hopUnusable(name, `has no usable address (${notes.join('; ')})`);
}
