// Alias queries. Targets keep the order in which they were added (alias_targets.position).
import type { SqlTx } from '../../store/types.ts';
import type { Alias } from '../types.ts';

interface AliasTargetRow {
  id: number;
  address: string;
  target: string | null;
}

const SELECT_ALIAS = `SELECT a.id, a.address, t.target FROM aliases a LEFT JOIN alias_targets t ON t.alias_id = a.id`;

function toAliases(rows: AliasTargetRow[]): Alias[] {
  const byId = new Map<number, Alias>();
  for (const row of rows) {
    let alias = byId.get(row.id);
    if (!alias) {
      alias = { id: row.id, address: row.address, targets: [] };
      byId.set(row.id, alias);
    }
    if (row.target !== null) alias.targets.push(row.target);
  }
  return [...byId.values()];
}

export async function findAlias(tx: SqlTx, address: string): Promise<Alias | undefined> {
  return toAliases(await tx.all<AliasTargetRow>(`${SELECT_ALIAS} WHERE a.address = ? ORDER BY t.position`, [address]))[0];
}

export async function listAliases(tx: SqlTx, domain?: string): Promise<Alias[]> {
  const rows =
    domain === undefined
      ? await tx.all<AliasTargetRow>(`${SELECT_ALIAS} ORDER BY a.address, t.position`)
      : await tx.all<AliasTargetRow>(
          `${SELECT_ALIAS} JOIN domains d ON d.id = a.domain_id WHERE d.name = ? ORDER BY a.address, t.position`,
          [domain],
        );
  return toAliases(rows);
}
