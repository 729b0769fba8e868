// DKIM key queries (table of migration 006). A key belongs to a domain row; at most one key per domain
// is active, and it is the one that signs. Names are looked up as stored: lowercased.
import type { SqlTx } from '../../store/types.ts';
import type { DkimAlgorithm, DkimKey } from '../types.ts';

interface DkimKeyRow {
  id: number;
  domain: string;
  selector: string;
  algorithm: DkimAlgorithm;
  private_key: string;
  public_key: string;
  active: number;
  created_at: number;
}

const SELECT_KEY = `SELECT k.id, d.name AS domain, k.selector, k.algorithm, k.private_key, k.public_key, k.active, k.created_at
  FROM dkim_keys k JOIN domains d ON d.id = k.domain_id`;

function toDkimKey(row: DkimKeyRow): DkimKey {
  return {
    id: row.id,
    domain: row.domain,
    selector: row.selector,
    algorithm: row.algorithm,
    privateKeyPem: row.private_key,
    publicKey: row.public_key,
    active: row.active !== 0,
    createdAt: row.created_at,
  };
}

/** Every key (of one domain), by domain, then newest first. */
export async function listDkimKeys(tx: SqlTx, domain?: string): Promise<DkimKey[]> {
  const rows =
    domain === undefined
      ? await tx.all<DkimKeyRow>(`${SELECT_KEY} ORDER BY d.name, k.created_at DESC, k.id DESC`)
      : await tx.all<DkimKeyRow>(`${SELECT_KEY} WHERE d.name = ? ORDER BY k.created_at DESC, k.id DESC`, [domain]);
  return rows.map(toDkimKey);
}

export async function findDkimKey(tx: SqlTx, domain: string, selector: string): Promise<DkimKey | undefined> {
  const row = await tx.get<DkimKeyRow>(`${SELECT_KEY} WHERE d.name = ? AND k.selector = ?`, [domain, selector]);
  return row && toDkimKey(row);
}

/** The key that signs mail of `domain`, if it has one. */
export async function activeDkimKey(tx: SqlTx, domain: string): Promise<DkimKey | undefined> {
  const row = await tx.get<DkimKeyRow>(`${SELECT_KEY} WHERE d.name = ? AND k.active = 1`, [domain]);
  return row && toDkimKey(row);
}
