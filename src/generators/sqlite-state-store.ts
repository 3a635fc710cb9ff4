/**
 * The StateStore in one SQLite file (`.libero/state.db`) through better-sqlite3 in WAL mode:
 * every write is a committed transaction, so a killed process leaves a consistent file and
 * `requeueInterrupted` puts its running jobs back in the queue.
 */
import Database from 'better-sqlite3';
import { LiberoError } from '../shared/index.js';
import type {
  JobRecord,
  RequestRecord,
  StateStore,
  StepResultRecord,
  TakeChoice,
  TakeRecord,
} from './state-store.js';

/** Bumped when the tables change; older files are migrated by MIGRATIONS. */
const SCHEMA_VERSION = 3;

/** From version N to N+1, run on files of version N (a fresh file gets SCHEMA at the newest). */
const MIGRATIONS: Readonly<Record<number, string>> = {
  // 1 -> 2: a take's origin in source time (the clip's in-point when it was made).
  1: 'ALTER TABLE takes ADD COLUMN origin REAL NOT NULL DEFAULT 0;',
  // 2 -> 3: the requests table (SCHEMA creates it).
  2: '',
};

const SCHEMA = `
CREATE TABLE IF NOT EXISTS jobs (
  key TEXT PRIMARY KEY, shot_id TEXT NOT NULL, kind TEXT NOT NULL, state TEXT NOT NULL,
  error TEXT, updated_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS results (
  key TEXT PRIMARY KEY, shot_id TEXT NOT NULL, kind TEXT NOT NULL, file TEXT NOT NULL,
  host TEXT NOT NULL, started_at TEXT NOT NULL, finished_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS takes (
  shot_id TEXT NOT NULL, number INTEGER NOT NULL, final_key TEXT NOT NULL, look_key TEXT NOT NULL,
  file TEXT NOT NULL, frames INTEGER NOT NULL, fps REAL NOT NULL, origin REAL NOT NULL, prompt TEXT NOT NULL,
  seed INTEGER NOT NULL, created_at TEXT NOT NULL,
  PRIMARY KEY (shot_id, number), UNIQUE (shot_id, final_key));
CREATE TABLE IF NOT EXISTS choices (
  shot_id TEXT PRIMARY KEY, number INTEGER NOT NULL, takes_at_choice INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS written_active (shot_id TEXT PRIMARY KEY, key TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS seen_active (shot_id TEXT PRIMARY KEY, key TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS requests (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, shot_id TEXT NOT NULL,
  source TEXT NOT NULL, params TEXT NOT NULL, regen INTEGER NOT NULL, state TEXT NOT NULL,
  final_key TEXT, take_number INTEGER, error TEXT, created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL);
`;

interface RequestRow {
  id: string;
  shot_id: string;
  source: RequestRecord['source'];
  params: string;
  regen: number;
  state: RequestRecord['state'];
  final_key: string | null;
  take_number: number | null;
  error: string | null;
  created_at: string;
  updated_at: string;
}

function requestFromRow(row: RequestRow): RequestRecord {
  return {
    id: row.id,
    shotId: row.shot_id,
    source: row.source,
    params: row.params,
    regen: row.regen,
    state: row.state,
    finalKey: row.final_key,
    takeNumber: row.take_number,
    error: row.error,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

interface TakeRow {
  shot_id: string;
  number: number;
  final_key: string;
  look_key: string;
  file: string;
  frames: number;
  fps: number;
  origin: number;
  prompt: string;
  seed: number;
  created_at: string;
}

function takeFromRow(row: TakeRow): TakeRecord {
  return {
    shotId: row.shot_id,
    number: row.number,
    finalKey: row.final_key,
    lookKey: row.look_key,
    file: row.file,
    frames: row.frames,
    fps: row.fps,
    originSeconds: row.origin,
    prompt: row.prompt,
    seed: row.seed,
    createdAt: row.created_at,
  };
}

interface JobRow {
  key: string;
  shot_id: string;
  kind: JobRecord['kind'];
  state: JobRecord['state'];
  error: string | null;
  updated_at: string;
}

function jobFromRow(row: JobRow): JobRecord {
  return {
    key: row.key,
    shotId: row.shot_id,
    kind: row.kind,
    state: row.state,
    error: row.error,
    updatedAt: row.updated_at,
  };
}

/** Opens (creating when needed) the state database at `file` (`:memory:` for tests). */
export function openSqliteStateStore(file: string): StateStore {
  let db: Database.Database;
  try {
    db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION)
      throw new Error(
        `written by a newer libero (schema ${version}, this one knows ${SCHEMA_VERSION})`,
      );
    db.transaction(() => {
      for (let v = version; v > 0 && v < SCHEMA_VERSION; v += 1) db.exec(MIGRATIONS[v] ?? '');
      db.exec(SCHEMA);
      db.pragma(`user_version = ${SCHEMA_VERSION}`);
    })();
  } catch (error) {
    throw new LiberoError(
      'STATE_STORE_FAILED',
      `cannot open the state database ${file}: ${(error as Error).message}`,
      {
        details: { file },
        cause: error,
      },
    );
  }

  const upsertJob = db.prepare(
    `INSERT INTO jobs (key, shot_id, kind, state, error, updated_at) VALUES (@key, @shotId, @kind, @state, @error, @updatedAt)
     ON CONFLICT(key) DO UPDATE SET shot_id=excluded.shot_id, kind=excluded.kind, state=excluded.state, error=excluded.error, updated_at=excluded.updated_at`,
  );
  const getJob = db.prepare('SELECT * FROM jobs WHERE key = ?');
  const allJobs = db.prepare('SELECT * FROM jobs ORDER BY updated_at, key');
  const requeue = db.prepare(`UPDATE jobs SET state='queued', updated_at=? WHERE state='running'`);
  const upsertResult = db.prepare(
    `INSERT OR REPLACE INTO results (key, shot_id, kind, file, host, started_at, finished_at)
     VALUES (@key, @shotId, @kind, @file, @host, @startedAt, @finishedAt)`,
  );
  const getResult = db.prepare('SELECT * FROM results WHERE key = ?');
  const takeByKey = db.prepare('SELECT * FROM takes WHERE shot_id = ? AND final_key = ?');
  const maxTake = db.prepare('SELECT COALESCE(MAX(number), 0) AS n FROM takes WHERE shot_id = ?');
  const insertTake = db.prepare(
    `INSERT INTO takes (shot_id, number, final_key, look_key, file, frames, fps, origin, prompt, seed, created_at)
     VALUES (@shot_id, @number, @final_key, @look_key, @file, @frames, @fps, @origin, @prompt, @seed, @created_at)`,
  );
  const shotTakes = db.prepare('SELECT * FROM takes WHERE shot_id = ? ORDER BY number');
  const getChoice = db.prepare('SELECT * FROM choices WHERE shot_id = ?');
  const putChoice = db.prepare(
    'INSERT OR REPLACE INTO choices (shot_id, number, takes_at_choice) VALUES (?, ?, ?)',
  );
  const dropChoice = db.prepare('DELETE FROM choices WHERE shot_id = ?');
  const getWritten = db.prepare('SELECT key FROM written_active WHERE shot_id = ?');
  const getSeen = db.prepare('SELECT key FROM seen_active WHERE shot_id = ?');
  const putSeen = db.prepare('INSERT OR REPLACE INTO seen_active (shot_id, key) VALUES (?, ?)');
  const putWritten = db.prepare(
    'INSERT OR REPLACE INTO written_active (shot_id, key) VALUES (?, ?)',
  );

  const insertRequest = db.prepare(
    `INSERT OR IGNORE INTO requests (id, shot_id, source, params, regen, state, created_at, updated_at)
     VALUES (@id, @shotId, @source, @params, @regen, 'pending', @createdAt, @createdAt)`,
  );
  const getRequest = db.prepare('SELECT * FROM requests WHERE id = ?');
  const listRequests = db.prepare(
    `SELECT * FROM requests WHERE (@shotId IS NULL OR shot_id = @shotId)
       AND (@state IS NULL OR state = @state) ORDER BY seq`,
  );
  const changeRequest = db.prepare(
    `UPDATE requests SET state=@state, final_key=@finalKey, take_number=@takeNumber, error=@error,
       updated_at=@updatedAt WHERE id=@id`,
  );
  const requestOf = (id: string): RequestRecord | null => {
    const row = getRequest.get(id) as RequestRow | undefined;
    return row === undefined ? null : requestFromRow(row);
  };

  const addTake = db.transaction((take: Omit<TakeRecord, 'number'>): TakeRecord => {
    const existing = takeByKey.get(take.shotId, take.finalKey) as TakeRow | undefined;
    if (existing !== undefined) return takeFromRow(existing);
    const number = (maxTake.get(take.shotId) as { n: number }).n + 1;
    const row: TakeRow = {
      shot_id: take.shotId,
      number,
      final_key: take.finalKey,
      look_key: take.lookKey,
      file: take.file,
      frames: take.frames,
      fps: take.fps,
      origin: take.originSeconds,
      prompt: take.prompt,
      seed: take.seed,
      created_at: take.createdAt,
    };
    insertTake.run(row);
    return takeFromRow(row);
  });

  return {
    setJob: (job) => void upsertJob.run(job),
    job: (key) => {
      const row = getJob.get(key) as JobRow | undefined;
      return row === undefined ? null : jobFromRow(row);
    },
    jobs: () => (allJobs.all() as JobRow[]).map(jobFromRow),
    requeueInterrupted: (at) => requeue.run(at).changes,
    recordResult: (result: StepResultRecord) => void upsertResult.run(result),
    result: (key) => {
      const row = getResult.get(key) as
        | {
            key: string;
            shot_id: string;
            kind: JobRecord['kind'];
            file: string;
            host: string;
            started_at: string;
            finished_at: string;
          }
        | undefined;
      if (row === undefined) return null;
      return {
        key: row.key,
        shotId: row.shot_id,
        kind: row.kind,
        file: row.file,
        host: row.host,
        startedAt: row.started_at,
        finishedAt: row.finished_at,
      };
    },
    addTake: (take) => addTake(take),
    takes: (shotId) => (shotTakes.all(shotId) as TakeRow[]).map(takeFromRow),
    choice: (shotId) => {
      const row = getChoice.get(shotId) as
        { shot_id: string; number: number; takes_at_choice: number } | undefined;
      return row === undefined
        ? null
        : { shotId: row.shot_id, number: row.number, takesAtChoice: row.takes_at_choice };
    },
    setChoice: (choice: TakeChoice | null, shotId: string) => {
      if (choice === null) dropChoice.run(shotId);
      else putChoice.run(shotId, choice.number, choice.takesAtChoice);
    },
    lastWrittenActive: (shotId) =>
      (getWritten.get(shotId) as { key: string } | undefined)?.key ?? null,
    setLastWrittenActive: (shotId, key) => void putWritten.run(shotId, key),
    lastSeenActive: (shotId) => (getSeen.get(shotId) as { key: string } | undefined)?.key ?? null,
    setLastSeenActive: (shotId, key) => void putSeen.run(shotId, key),
    addRequest: (request) => {
      const created = insertRequest.run(request).changes === 1;
      return { request: requestOf(request.id) as RequestRecord, created };
    },
    request: requestOf,
    requests: (filter) => (listRequests.all(filter) as RequestRow[]).map(requestFromRow),
    updateRequest: (id, change) => {
      if (changeRequest.run({ id, ...change }).changes !== 1)
        throw new LiberoError(
          'STATE_STORE_FAILED',
          `no request "${id}" in the state database ${file}`,
          {
            details: { file, id },
          },
        );
      return requestOf(id) as RequestRecord;
    },
    close: () => db.close(),
  };
}
