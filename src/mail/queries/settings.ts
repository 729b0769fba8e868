// Server settings kept in the store (migration 009), the same for every node on the database: small
// named values the server makes for itself, such as the generated SRS secret. Not configuration: what
// an administrator sets lives in mailstead.toml.
import type { SqlTx } from '../../store/types.ts';

export async function findSetting(tx: SqlTx, name: string): Promise<string | undefined> {
  const row = await tx.get<{ value: string }>('SELECT value FROM settings WHERE name = ?', [name]);
  return row?.value;
}
