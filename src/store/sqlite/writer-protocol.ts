// Messages between the main thread and the writer thread. Everything here is structured-cloneable;
// errors travel as plain data and are rebuilt on the main thread, a StoreOpError with its code.
import { StoreOpError, type ChangeEvent } from '../types.ts';

export interface WriterInit {
  databasePath: string;
  /** URL of the module whose `writeOps` export holds the named write operations. */
  opsModule: string;
}

export interface OpRequest {
  type: 'op';
  id: number;
  op: string;
  args: unknown;
}

export type ToWriter = OpRequest | { type: 'close' };

export type WireError =
  | { kind: 'store-op'; code: string; message: string; detail: Record<string, string | number> | undefined }
  | { kind: 'error'; message: string };

export type OpReply =
  | { id: number; ok: true; result: unknown; events: ChangeEvent[] }
  | { id: number; ok: false; error: WireError };

export type FromWriter =
  | { type: 'ready' }
  | { type: 'failed'; message: string }
  /** The replies of one transaction, in request order; sent after its COMMIT (or its failure). */
  | { type: 'batch'; replies: OpReply[] }
  | { type: 'log'; message: string; stack: string | undefined };

export function toWireError(error: unknown): WireError {
  if (error instanceof StoreOpError) {
    return { kind: 'store-op', code: error.code, message: error.message, detail: error.detail };
  }
  return { kind: 'error', message: error instanceof Error ? error.message : String(error) };
}

export function fromWireError(error: WireError): Error {
  return error.kind === 'store-op' ? new StoreOpError(error.code, error.message, error.detail) : new Error(error.message);
}
