/**
 * A synchronous PostgreSQL connection, so the PostgreSQL state store can sit behind the same
 * synchronous `StateStore` port as better-sqlite3. The official `pg` client runs in a worker
 * thread; each query is posted to it and the calling thread blocks on `Atomics.wait` until the
 * answer is back (the technique of `synckit`, without its file-loading rules, so it runs the same
 * from `src/*.ts` under vitest and from `dist/`).
 *
 * ```
 * main thread                          worker thread (pg.Client)
 *   flag = 0, post {sql, params}  ──▶   await client.query(sql, params)
 *   Atomics.wait(flag, 0)         ◀──   post {rows} | {error}; flag = 1; notify
 *   receiveMessageOnPort()
 * ```
 */
import { createRequire } from 'node:module';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';

/** A row as PostgreSQL returned it (column name to value). */
export type PgRow = Record<string, unknown>;

/** A query's answer. */
export interface PgResult {
  readonly rows: PgRow[];
  readonly rowCount: number;
}

/** The blocking client. */
export interface PgSyncClient {
  /** Runs one statement (`$1`-style parameters); throws Error with PostgreSQL's message. */
  query(sql: string, params?: readonly unknown[]): PgResult;
  /** Ends the connection and the thread. */
  close(): void;
}

// Plain JavaScript: a worker with `eval: true` runs it as CommonJS, whatever loads this module.
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const pg = require(workerData.pgPath);
const flag = new Int32Array(workerData.flag);
const port = workerData.port;
const client = new pg.Client({ connectionString: workerData.url, application_name: 'libero' });
let lost = null;
client.on('error', (error) => { lost = error; });
const ready = client.connect();
ready.catch(() => undefined);
function answer(message) {
  port.postMessage(message);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
}
port.on('message', async (message) => {
  if (message.close) {
    await client.end().catch(() => undefined);
    answer({ rows: [], rowCount: 0 });
    port.close();
    return;
  }
  try {
    await ready;
    if (lost !== null) throw lost;
    const result = await client.query(message.sql, message.params);
    answer({ rows: result.rows ?? [], rowCount: result.rowCount ?? 0 });
  } catch (error) {
    answer({ error: { message: String(error && error.message || error), code: error && error.code || null } });
  }
});
`;

/** Opens a blocking connection to `url`; a query waiting longer than `timeoutMs` throws. */
export function openPgSyncClient(options: { url: string; timeoutMs: number }): PgSyncClient {
  const require = createRequire(import.meta.url);
  const flagBuffer = new SharedArrayBuffer(4);
  const flag = new Int32Array(flagBuffer);
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { pgPath: require.resolve('pg'), url: options.url, flag: flagBuffer, port: port2 },
    transferList: [port2],
  });
  // The thread must not keep the process alive by itself; close() ends it properly.
  worker.unref();
  let closed = false;

  const call = (message: Record<string, unknown>): PgResult => {
    Atomics.store(flag, 0, 0);
    port1.postMessage(message);
    const waited = Atomics.wait(flag, 0, 0, options.timeoutMs);
    const reply = receiveMessageOnPort(port1)?.message as
      | { rows: PgRow[]; rowCount: number; error?: { message: string; code: string | null } }
      | undefined;
    if (waited === 'timed-out' || reply === undefined)
      throw new Error(`PostgreSQL did not answer within ${options.timeoutMs} ms`);
    if (reply.error !== undefined) {
      const error = new Error(reply.error.message) as Error & { code?: string };
      if (reply.error.code !== null) error.code = reply.error.code;
      throw error;
    }
    return { rows: reply.rows, rowCount: reply.rowCount };
  };

  return {
    query: (sql, params = []) => {
      if (closed) throw new Error('the PostgreSQL connection is closed');
      return call({ sql, params: [...params] });
    },
    close: () => {
      if (closed) return;
      closed = true;
      try {
        call({ close: true });
      } finally {
        port1.close();
        void worker.terminate();
      }
    },
  };
}
