// Write operations on server settings (see queries/settings.ts). A setting is written once: the first
// writer wins, so nodes that generate a value at the same moment all end up using the same one.
import { StoreOpError, type WriteTx } from '../../store/types.ts';
import { findSetting } from '../queries/settings.ts';

export interface InitSettingArgs {
  name: string;
  value: string;
  now: number;
}

/** Stores `value` unless `name` has one; returns the stored value. */
export async function initSetting(tx: WriteTx, args: InitSettingArgs): Promise<string> {
  if (typeof args.name !== 'string' || args.name === '') throw new StoreOpError('invalid', 'a setting needs a name');
  if (typeof args.value !== 'string') throw new StoreOpError('invalid', `setting ${args.name} needs a text value`);
  await tx.run('INSERT INTO settings (name, value, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING', [args.name, args.value, args.now]);
  const stored = await findSetting(tx, args.name);
  if (stored === undefined) throw new Error(`setting ${args.name} was not stored`);
  return stored;
}
