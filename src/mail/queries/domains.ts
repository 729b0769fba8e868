// Domain queries. A domain alias row points at its target domain's row (alias_of).
import type { SqlTx } from '../../store/types.ts';
import type { Domain } from '../types.ts';

interface DomainRow {
  id: number;
  name: string;
  alias_of: string | null;
  created_at: number;
}

const SELECT_DOMAIN = `SELECT d.id, d.name, t.name AS alias_of, d.created_at FROM domains d LEFT JOIN domains t ON t.id = d.alias_of`;

function toDomain(row: DomainRow): Domain {
  return { id: row.id, name: row.name, aliasOf: row.alias_of, createdAt: row.created_at };
}

export async function listDomains(tx: SqlTx): Promise<Domain[]> {
  return (await tx.all<DomainRow>(`${SELECT_DOMAIN} ORDER BY d.name`)).map(toDomain);
}

export async function findDomain(tx: SqlTx, name: string): Promise<Domain | undefined> {
  const row = await tx.get<DomainRow>(`${SELECT_DOMAIN} WHERE d.name = ?`, [name]);
  return row && toDomain(row);
}

export async function findDomainById(tx: SqlTx, id: number): Promise<Domain | undefined> {
  const row = await tx.get<DomainRow>(`${SELECT_DOMAIN} WHERE d.id = ?`, [id]);
  return row && toDomain(row);
}

/** What still refers to a domain: while any count is non-zero it cannot be removed. */
export async function domainReferences(tx: SqlTx, id: number): Promise<{ accounts: number; aliases: number; domainAliases: number }> {
  const row = await tx.get<{ accounts: number; aliases: number; domain_aliases: number }>(
    `SELECT
       (SELECT COUNT(*) FROM accounts WHERE domain_id = ?) AS accounts,
       (SELECT COUNT(*) FROM aliases WHERE domain_id = ?) AS aliases,
       (SELECT COUNT(*) FROM domains WHERE alias_of = ?) AS domain_aliases`,
    [id, id, id],
  );
  return { accounts: row?.accounts ?? 0, aliases: row?.aliases ?? 0, domainAliases: row?.domain_aliases ?? 0 };
}
