// Fault injection for crash-safety tests: when MAILSTEAD_FAULT_POINT names a point, the process kills
// itself with SIGKILL there, exactly as a power cut or OOM kill would. Never set in production.
// Points on the delivery path, in durability order:
//   blob-written      body written to tmp/, before its fsync
//   blob-committed    blob renamed into blobs/ and its directory fsync'd, before the DB transaction
//   db-before-commit  (writer thread) operations applied, before COMMIT
//   db-committed      transaction durable, before the client is told 250
// `point@operation` narrows a point to the moments a named write operation is involved (e.g.
// `db-before-commit@deliver`), so the server's own start-up writes do not trip it.
export type FaultPoint = 'blob-written' | 'blob-committed' | 'db-before-commit' | 'db-committed';

const [armedPoint, armedOperation] = (process.env.MAILSTEAD_FAULT_POINT ?? '').split('@');

/** `operations`: the write operations in flight at this point, where the caller knows them. */
export function faultPoint(point: FaultPoint, operations?: readonly string[]): void {
  if (armedPoint !== point) return;
  if (armedOperation !== undefined && !operations?.includes(armedOperation)) return;
  process.kill(process.pid, 'SIGKILL');
}
