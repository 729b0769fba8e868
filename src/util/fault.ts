// Fault injection for crash-safety tests: when MAILSTEAD_FAULT_POINT names a point, the process kills
// itself with SIGKILL there, exactly as a power cut or OOM kill would. Never set in production.
// Points on the delivery path, in durability order:
//   blob-written   body written to tmp/, before its fsync
//   blob-committed blob renamed into blobs/ and its directory fsync'd, before the DB transaction
//   db-before-commit  (writer thread) operations applied, before COMMIT
//   db-committed   transaction durable, before the client is told 250
export type FaultPoint = 'blob-written' | 'blob-committed' | 'db-before-commit' | 'db-committed';

const armed = process.env.MAILSTEAD_FAULT_POINT;

export function faultPoint(point: FaultPoint): void {
  if (armed === point) process.kill(process.pid, 'SIGKILL');
}
