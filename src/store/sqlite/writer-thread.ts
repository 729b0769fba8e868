// The single SQLite writer (a worker thread). Requests queue up while a transaction commits; the next
// batch takes all of them, so concurrent deliveries share one COMMIT and its fsync (group commit) and
// the main event loop never blocks on a synchronous fsync.
//
// Protocol: the main thread sends `op` requests and finally `close`; the writer answers `ready` (or
// `failed`) once, then one `batch` message per transaction, and `log` for unexpected errors.
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { openConnection, SqliteSql } from './connection.ts';
import { runBatch, type BatchContext, type LoadedWriteOp } from './writer-batch.ts';
import { toWireError, type FromWriter, type OpReply, type OpRequest, type ToWriter, type WriterInit } from './writer-protocol.ts';

const port = requirePort(parentPort);
const init = workerData as WriterInit;

function requirePort(value: MessagePort | null): MessagePort {
  if (!value) throw new Error('writer-thread.ts must run as a worker thread');
  return value;
}

function send(message: FromWriter): void {
  port.postMessage(message);
}

function logError(error: unknown): void {
  if (error instanceof Error) send({ type: 'log', message: error.message, stack: error.stack });
  else send({ type: 'log', message: String(error), stack: undefined });
}

async function loadOps(url: string): Promise<Map<string, LoadedWriteOp>> {
  const module: { writeOps?: unknown } = await import(url);
  const table = module.writeOps;
  if (typeof table !== 'object' || table === null) throw new Error(`${url} has no writeOps export`);
  const ops = new Map<string, LoadedWriteOp>();
  for (const [name, op] of Object.entries(table)) {
    if (typeof op !== 'function') throw new Error(`writeOps.${name} in ${url} is not a function`);
    ops.set(name, op as LoadedWriteOp);
  }
  return ops;
}

/** A result that cannot be cloned (an operation's bug) fails alone instead of losing the batch. */
function sendBatch(replies: OpReply[]): void {
  try {
    send({ type: 'batch', replies });
  } catch {
    send({ type: 'batch', replies: replies.map(cloneableReply) });
  }
}

function cloneableReply(reply: OpReply): OpReply {
  try {
    structuredClone(reply);
    return reply;
  } catch (error) {
    logError(error);
    return { id: reply.id, ok: false, error: toWireError(new Error('write operation result is not cloneable (the operation itself committed)')) };
  }
}

/** Opens the connection and loads the operations; on failure tells the main thread and returns undefined. */
async function initialise(): Promise<BatchContext | undefined> {
  try {
    const sql = new SqliteSql(openConnection(init.databasePath));
    return { sql, ops: await loadOps(init.opsModule), logError };
  } catch (error) {
    send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
    // Nothing else holds the thread open: it exits once the message is out.
    port.close();
    return undefined;
  }
}

/** Serves requests until `close`; batches start from setImmediate, after the event loop has delivered
 * every message already posted, so a burst of requests lands in one transaction rather than one each. */
function serve(context: BatchContext): void {
  let queued: OpRequest[] = [];
  let scheduled = false;
  let running = false;
  let closing = false;

  const schedule = (): void => {
    if (scheduled || running) return;
    scheduled = true;
    setImmediate(() => void drain());
  };

  const drain = async (): Promise<void> => {
    scheduled = false;
    running = true;
    const batch = queued;
    queued = [];
    sendBatch(await runBatch(context, batch));
    running = false;
    if (queued.length > 0) schedule();
    else if (closing) finish();
  };

  const finish = (): void => {
    context.sql.close();
    port.close();
  };

  port.on('message', (message: ToWriter) => {
    if (message.type === 'close') {
      closing = true;
      if (!running && !scheduled && queued.length === 0) finish();
      return;
    }
    queued.push(message);
    schedule();
  });
  send({ type: 'ready' });
}

const context = await initialise();
if (context) serve(context);
