// Write operations on domains. A domain alias maps one level onto a real domain (no chains), so
// recipient resolution needs at most one hop.
import { StoreOpError, type WriteTx } from '../../store/types.ts';
import { normaliseDomain } from '../address.ts';
import { domainReferences, findDomain, findDomainById } from '../queries/domains.ts';
import type { Domain } from '../types.ts';

export interface AddDomainArgs {
  name: string;
  aliasOf: string | null;
  now: number;
}

export async function addDomain(tx: WriteTx, args: AddDomainArgs): Promise<Domain> {
  const name = normaliseDomain(args.name);
  if (await findDomain(tx, name)) throw new StoreOpError('exists', `domain ${name} already exists`, { domain: name });
  let aliasOfId: number | null = null;
  if (args.aliasOf !== null) {
    const targetName = normaliseDomain(args.aliasOf);
    const target = await findDomain(tx, targetName);
    if (!target) throw new StoreOpError('not-found', `domain ${targetName} does not exist`, { domain: targetName });
    if (target.aliasOf !== null) {
      throw new StoreOpError('invalid', `${targetName} is itself an alias of ${target.aliasOf}; alias the real domain`, { domain: targetName });
    }
    aliasOfId = target.id;
  }
  const row = await tx.get<{ id: number }>('INSERT INTO domains (name, alias_of, created_at) VALUES (?, ?, ?) RETURNING id', [
    name,
    aliasOfId,
    args.now,
  ]);
  const domain = row && (await findDomainById(tx, row.id));
  if (!domain) throw new Error(`domain ${name} vanished after insert`);
  return domain;
}

export async function removeDomain(tx: WriteTx, args: { name: string }): Promise<void> {
  const name = normaliseDomain(args.name);
  const domain = await findDomain(tx, name);
  if (!domain) throw new StoreOpError('not-found', `domain ${name} does not exist`, { domain: name });
  const refs = await domainReferences(tx, domain.id);
  const uses = [
    refs.accounts > 0 ? `${refs.accounts} account(s)` : '',
    refs.aliases > 0 ? `${refs.aliases} alias(es)` : '',
    refs.domainAliases > 0 ? `${refs.domainAliases} domain alias(es)` : '',
  ].filter((use) => use !== '');
  if (uses.length > 0) throw new StoreOpError('in-use', `domain ${name} still has ${uses.join(', ')}`, { domain: name });
  await tx.run('DELETE FROM domains WHERE id = ?', [domain.id]);
}
