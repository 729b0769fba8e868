// Write operations on aliases. Adding to an existing alias appends the targets it does not have yet,
// so `alias add` can be repeated to grow a list.
import { StoreOpError, type WriteTx } from '../../store/types.ts';
import { normaliseAddress, normaliseAliasAddress } from '../address.ts';
import { findAlias } from '../queries/aliases.ts';
import { findDomain } from '../queries/domains.ts';
import type { Alias } from '../types.ts';

export interface AddAliasArgs {
  address: string;
  targets: string[];
  now: number;
}

export async function addAlias(tx: WriteTx, args: AddAliasArgs): Promise<Alias> {
  const { address, domain: domainName } = normaliseAliasAddress(args.address);
  if (!Array.isArray(args.targets) || args.targets.length === 0) {
    throw new StoreOpError('invalid', `alias ${address} needs at least one target`, { address });
  }
  // Targets may be remote addresses (forwarding); they only have to be well-formed.
  const targets = [...new Set(args.targets.map((target) => normaliseAddress(target).address))];
  const domain = await findDomain(tx, domainName);
  if (!domain) throw new StoreOpError('not-found', `domain ${domainName} does not exist`, { domain: domainName });
  if (domain.aliasOf !== null) {
    throw new StoreOpError('invalid', `${domainName} is an alias of ${domain.aliasOf}; add the alias there`, { domain: domainName });
  }
  let alias = await findAlias(tx, address);
  if (!alias) {
    const row = await tx.get<{ id: number }>('INSERT INTO aliases (address, domain_id, created_at) VALUES (?, ?, ?) RETURNING id', [
      address,
      domain.id,
      args.now,
    ]);
    if (!row) throw new Error(`alias ${address} was not inserted`);
    alias = { id: row.id, address, targets: [] };
  }
  const last = await tx.get<{ position: number | null }>('SELECT MAX(position) AS position FROM alias_targets WHERE alias_id = ?', [alias.id]);
  let position = (last?.position ?? -1) + 1;
  for (const target of targets) {
    if (alias.targets.includes(target)) continue;
    await tx.run('INSERT INTO alias_targets (alias_id, position, target) VALUES (?, ?, ?)', [alias.id, position++, target]);
  }
  const stored = await findAlias(tx, address);
  if (!stored) throw new Error(`alias ${address} vanished after insert`);
  return stored;
}

export async function removeAlias(tx: WriteTx, args: { address: string }): Promise<void> {
  const { address } = normaliseAliasAddress(args.address);
  const alias = await findAlias(tx, address);
  if (!alias) throw new StoreOpError('not-found', `alias ${address} does not exist`, { address });
  // Targets go with it (ON DELETE CASCADE).
  await tx.run('DELETE FROM aliases WHERE id = ?', [alias.id]);
}
