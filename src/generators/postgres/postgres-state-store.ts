/**
 * The StateStore in PostgreSQL, for studio mode: several services and workers see one truth
 * about stages, takes and choices. Every row belongs to a project (one database serves the
 * studio); each call is one committed statement on a blocking connection (pg-sync-client.ts),
 * so the port stays the synchronous one better-sqlite3 has.
 *
 * The schema is versioned: MIGRATIONS[n] takes a database from version n-1 to n, applied in
 * one transaction under an advisory lock so two services starting together migrate once.
 */
import { LiberoError } from '../../shared/index.js';
import type {
  JobRecord,
  RequestRecord,
  StateStore,
  StepResultRecord,
  TakeChoice,
  TakeRecord,
} from '../state-store.js';
import { openPgSyncClient } from './pg-sync-client.js';
import type { PgRow, PgSyncClient } from './pg-sync-client.js';

/** The migrations, in order: index 0 makes version 1. */
export const POSTGRES_MIGRATIONS: readonly string[] = [
  // 1: the tables of SQLite schema 2, with a project column in every key.
  `CREATE TABLE jobs (
     project TEXT NOT NULL, key TEXT NOT NULL, shot_id TEXT NOT NULL, kind TEXT NOT NULL,
     state TEXT NOT NULL, error TEXT, updated_at TEXT NOT NULL, PRIMARY KEY (project, key));
   CREATE TABLE results (
     project TEXT NOT NULL, key TEXT NOT NULL, shot_id TEXT NOT NULL, kind TEXT NOT NULL,
     file TEXT NOT NULL, host TEXT NOT NULL, started_at TEXT NOT NULL, finished_at TEXT NOT NULL,
     PRIMARY KEY (project, key));
   CREATE TABLE takes (
     project TEXT NOT NULL, shot_id TEXT NOT NULL, number INTEGER NOT NULL,
     final_key TEXT NOT NULL, look_key TEXT NOT NULL, file TEXT NOT NULL,
     frames INTEGER NOT NULL, fps DOUBLE PRECISION NOT NULL, origin DOUBLE PRECISION NOT NULL,
     prompt TEXT NOT NULL, seed BIGINT NOT NULL, created_at TEXT NOT NULL,
     PRIMARY KEY (project, shot_id, number), UNIQUE (project, shot_id, final_key));
   CREATE TABLE choices (
     project TEXT NOT NULL, shot_id TEXT NOT NULL, number INTEGER NOT NULL,
     takes_at_choice INTEGER NOT NULL, PRIMARY KEY (project, shot_id));
   CREATE TABLE written_active (
     project TEXT NOT NULL, shot_id TEXT NOT NULL, key TEXT NOT NULL,
     PRIMARY KEY (project, shot_id));
   CREATE TABLE seen_active (
     project TEXT NOT NULL, shot_id TEXT NOT NULL, key TEXT NOT NULL,
     PRIMARY KEY (project, shot_id));`,
  // 2: requests (SQLite schema 3): every take someone asked for, in the order added.
  `CREATE TABLE requests (
     project TEXT NOT NULL, seq BIGSERIAL, id TEXT NOT NULL, shot_id TEXT NOT NULL,
     source TEXT NOT NULL, params TEXT NOT NULL, regen INTEGER NOT NULL, state TEXT NOT NULL,
     final_key TEXT, take_number INTEGER, error TEXT, created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL, PRIMARY KEY (project, id));`,
];

/** The schema version this libero writes. */
export const POSTGRES_SCHEMA_VERSION = POSTGRES_MIGRATIONS.length;

/** Any 64-bit number only libero's migrations lock on. */
const MIGRATION_LOCK = 7_151_512_019;

/** Brings the database to POSTGRES_SCHEMA_VERSION; refuses one from a newer libero. */
function migrate(db: PgSyncClient): void {
  db.query('BEGIN');
  try {
    db.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    db.query('CREATE TABLE IF NOT EXISTS libero_schema (version INTEGER NOT NULL)');
    const row = db.query('SELECT MAX(version) AS v FROM libero_schema').rows[0];
    const version = Number(row?.['v'] ?? 0);
    if (version > POSTGRES_SCHEMA_VERSION)
      throw new Error(
        `written by a newer libero (schema ${version}, this one knows ${POSTGRES_SCHEMA_VERSION})`,
      );
    for (let v = version; v < POSTGRES_SCHEMA_VERSION; v += 1) {
      db.query(POSTGRES_MIGRATIONS[v] as string);
      db.query('INSERT INTO libero_schema (version) VALUES ($1)', [v + 1]);
    }
    db.query('COMMIT');
  } catch (error) {
    db.query('ROLLBACK');
    throw error;
  }
}

const str = (row: PgRow, column: string): string => String(row[column]);
const num = (row: PgRow, column: string): number => Number(row[column]);

function jobFromRow(row: PgRow): JobRecord {
  return {
    key: str(row, 'key'),
    shotId: str(row, 'shot_id'),
    kind: str(row, 'kind') as JobRecord['kind'],
    state: str(row, 'state') as JobRecord['state'],
    error: row['error'] === null ? null : str(row, 'error'),
    updatedAt: str(row, 'updated_at'),
  };
}

function takeFromRow(row: PgRow): TakeRecord {
  return {
    shotId: str(row, 'shot_id'),
    number: num(row, 'number'),
    finalKey: str(row, 'final_key'),
    lookKey: str(row, 'look_key'),
    file: str(row, 'file'),
    frames: num(row, 'frames'),
    fps: num(row, 'fps'),
    originSeconds: num(row, 'origin'),
    prompt: str(row, 'prompt'),
    seed: num(row, 'seed'),
    createdAt: str(row, 'created_at'),
  };
}

function requestFromRow(row: PgRow): RequestRecord {
  const orNull = (column: string): string | null =>
    row[column] === null ? null : str(row, column);
  return {
    id: str(row, 'id'),
    shotId: str(row, 'shot_id'),
    source: str(row, 'source') as RequestRecord['source'],
    params: str(row, 'params'),
    regen: num(row, 'regen'),
    state: str(row, 'state') as RequestRecord['state'],
    finalKey: orNull('final_key'),
    takeNumber: row['take_number'] === null ? null : num(row, 'take_number'),
    error: orNull('error'),
    createdAt: str(row, 'created_at'),
    updatedAt: str(row, 'updated_at'),
  };
}

/** Options for {@link openPostgresStateStore}. */
export interface PostgresStateStoreOptions {
  /** `postgres://user@host:port/db` (LIBERO_DATABASE_URL). */
  readonly url: string;
  /** The project these rows belong to (see studio-project-id.ts). */
  readonly project: string;
  /** Longest wait for one statement. */
  readonly timeoutMs: number;
}

/** Opens the studio database for one project, migrating it when older. */
export function openPostgresStateStore(options: PostgresStateStoreOptions): StateStore {
  const { project } = options;
  const where = `${options.url.replace(/\/\/[^@/]*@/, '//')} (project ${project})`;
  const fail = (what: string, error: unknown): LiberoError =>
    new LiberoError(
      'STATE_STORE_FAILED',
      `the studio database ${where}: ${what}: ${(error as Error).message}`,
      { details: { url: options.url, project }, cause: error },
    );
  let db: PgSyncClient;
  try {
    db = openPgSyncClient({ url: options.url, timeoutMs: options.timeoutMs });
    migrate(db);
  } catch (error) {
    throw fail('cannot open it', error);
  }
  const q = (sql: string, params: readonly unknown[]): PgRow[] => {
    try {
      return db.query(sql, [project, ...params]).rows;
    } catch (error) {
      throw fail('a statement failed', error);
    }
  };
  const one = (sql: string, params: readonly unknown[]): PgRow | null => q(sql, params)[0] ?? null;

  return {
    setJob: (job) =>
      void q(
        `INSERT INTO jobs (project, key, shot_id, kind, state, error, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (project, key) DO UPDATE SET shot_id = EXCLUDED.shot_id,
           kind = EXCLUDED.kind, state = EXCLUDED.state, error = EXCLUDED.error,
           updated_at = EXCLUDED.updated_at`,
        [job.key, job.shotId, job.kind, job.state, job.error, job.updatedAt],
      ),
    job: (key) => {
      const row = one('SELECT * FROM jobs WHERE project = $1 AND key = $2', [key]);
      return row === null ? null : jobFromRow(row);
    },
    jobs: () =>
      q('SELECT * FROM jobs WHERE project = $1 ORDER BY updated_at, key', []).map(jobFromRow),
    requeueInterrupted: (at) =>
      q(
        `UPDATE jobs SET state = 'queued', updated_at = $2
         WHERE project = $1 AND state = 'running' RETURNING key`,
        [at],
      ).length,
    recordResult: (result: StepResultRecord) =>
      void q(
        `INSERT INTO results (project, key, shot_id, kind, file, host, started_at, finished_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (project, key) DO UPDATE SET shot_id = EXCLUDED.shot_id,
           kind = EXCLUDED.kind, file = EXCLUDED.file, host = EXCLUDED.host,
           started_at = EXCLUDED.started_at, finished_at = EXCLUDED.finished_at`,
        [
          result.key,
          result.shotId,
          result.kind,
          result.file,
          result.host,
          result.startedAt,
          result.finishedAt,
        ],
      ),
    result: (key) => {
      const row = one('SELECT * FROM results WHERE project = $1 AND key = $2', [key]);
      if (row === null) return null;
      return {
        key: str(row, 'key'),
        shotId: str(row, 'shot_id'),
        kind: str(row, 'kind') as StepResultRecord['kind'],
        file: str(row, 'file'),
        host: str(row, 'host'),
        startedAt: str(row, 'started_at'),
        finishedAt: str(row, 'finished_at'),
      };
    },
    addTake: (take) => {
      // One statement: the next number for the shot, or nothing when the chain is a take.
      const added = one(
        `INSERT INTO takes (project, shot_id, number, final_key, look_key, file, frames, fps,
           origin, prompt, seed, created_at)
         SELECT $1, $2, COALESCE(MAX(number), 0) + 1, $3, $4, $5, $6, $7, $8, $9, $10, $11
           FROM takes WHERE project = $1 AND shot_id = $2
         ON CONFLICT (project, shot_id, final_key) DO NOTHING
         RETURNING *`,
        [
          take.shotId,
          take.finalKey,
          take.lookKey,
          take.file,
          take.frames,
          take.fps,
          take.originSeconds,
          take.prompt,
          take.seed,
          take.createdAt,
        ],
      );
      if (added !== null) return takeFromRow(added);
      const existing = one(
        'SELECT * FROM takes WHERE project = $1 AND shot_id = $2 AND final_key = $3',
        [take.shotId, take.finalKey],
      );
      if (existing === null)
        throw fail('a take vanished while it was added', new Error(take.finalKey));
      return takeFromRow(existing);
    },
    takes: (shotId) =>
      q('SELECT * FROM takes WHERE project = $1 AND shot_id = $2 ORDER BY number', [shotId]).map(
        takeFromRow,
      ),
    choice: (shotId) => {
      const row = one('SELECT * FROM choices WHERE project = $1 AND shot_id = $2', [shotId]);
      return row === null
        ? null
        : {
            shotId: str(row, 'shot_id'),
            number: num(row, 'number'),
            takesAtChoice: num(row, 'takes_at_choice'),
          };
    },
    setChoice: (choice: TakeChoice | null, shotId: string) => {
      if (choice === null) q('DELETE FROM choices WHERE project = $1 AND shot_id = $2', [shotId]);
      else
        q(
          `INSERT INTO choices (project, shot_id, number, takes_at_choice) VALUES ($1, $2, $3, $4)
           ON CONFLICT (project, shot_id) DO UPDATE SET number = EXCLUDED.number,
             takes_at_choice = EXCLUDED.takes_at_choice`,
          [shotId, choice.number, choice.takesAtChoice],
        );
    },
    lastWrittenActive: (shotId) => {
      const row = one('SELECT key FROM written_active WHERE project = $1 AND shot_id = $2', [
        shotId,
      ]);
      return row === null ? null : str(row, 'key');
    },
    setLastWrittenActive: (shotId, key) =>
      void q(
        `INSERT INTO written_active (project, shot_id, key) VALUES ($1, $2, $3)
         ON CONFLICT (project, shot_id) DO UPDATE SET key = EXCLUDED.key`,
        [shotId, key],
      ),
    lastSeenActive: (shotId) => {
      const row = one('SELECT key FROM seen_active WHERE project = $1 AND shot_id = $2', [shotId]);
      return row === null ? null : str(row, 'key');
    },
    setLastSeenActive: (shotId, key) =>
      void q(
        `INSERT INTO seen_active (project, shot_id, key) VALUES ($1, $2, $3)
         ON CONFLICT (project, shot_id) DO UPDATE SET key = EXCLUDED.key`,
        [shotId, key],
      ),
    addRequest: (request) => {
      const added = one(
        `INSERT INTO requests (project, id, shot_id, source, params, regen, state, created_at,
           updated_at) VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7, $7)
         ON CONFLICT (project, id) DO NOTHING RETURNING *`,
        [
          request.id,
          request.shotId,
          request.source,
          request.params,
          request.regen,
          request.createdAt,
        ],
      );
      if (added !== null) return { request: requestFromRow(added), created: true };
      const existing = one('SELECT * FROM requests WHERE project = $1 AND id = $2', [request.id]);
      if (existing === null)
        throw fail('a request vanished while it was added', new Error(request.id));
      return { request: requestFromRow(existing), created: false };
    },
    request: (id) => {
      const row = one('SELECT * FROM requests WHERE project = $1 AND id = $2', [id]);
      return row === null ? null : requestFromRow(row);
    },
    requests: (filter) =>
      q(
        `SELECT * FROM requests WHERE project = $1 AND ($2::text IS NULL OR shot_id = $2)
           AND ($3::text IS NULL OR state = $3) ORDER BY seq`,
        [filter.shotId, filter.state],
      ).map(requestFromRow),
    updateRequest: (id, change) => {
      const row = one(
        `UPDATE requests SET state = $3, final_key = $4, take_number = $5, error = $6,
           updated_at = $7 WHERE project = $1 AND id = $2 RETURNING *`,
        [id, change.state, change.finalKey, change.takeNumber, change.error, change.updatedAt],
      );
      if (row === null) throw fail(`no request "${id}"`, new Error(id));
      return requestFromRow(row);
    },
    close: () => db.close(),
  };
}
