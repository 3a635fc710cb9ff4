/**
 * Studio mode's health, for `libero doctor`: does Redis answer, does PostgreSQL answer (and
 * which schema it holds), can the shared cache folder be written, which workers are alive.
 * Never throws: every check is a line with ok false and the reason.
 */
import { Redis } from 'ioredis';
import pg from 'pg';
import { POSTGRES_SCHEMA_VERSION } from '../postgres/postgres-state-store.js';
import { readFarmStatus } from './farm-status.js';
import { redisConnection, withoutPassword } from './stage-queues.js';
import { FolderStudioCache } from './studio-cache.js';

/** One line of the report. */
export interface StudioCheck {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

const message = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

async function checkRedis(url: string, timeoutMs: number): Promise<StudioCheck> {
  const redis = new Redis({
    ...redisConnection(url),
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    connectTimeout: timeoutMs,
    retryStrategy: () => null,
  });
  // The failure is reported by connect(); without a listener ioredis also prints it.
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    const info = await redis.info('server');
    const version = /redis_version:(\S+)/.exec(info)?.[1] ?? 'version unknown';
    return { name: 'studio redis', ok: true, detail: `${withoutPassword(url)} (Redis ${version})` };
  } catch (error) {
    return {
      name: 'studio redis',
      ok: false,
      detail: `${withoutPassword(url)}: ${message(error)}`,
    };
  } finally {
    redis.disconnect();
  }
}

async function checkDatabase(url: string, timeoutMs: number): Promise<StudioCheck> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  const where = withoutPassword(url);
  try {
    await client.connect();
    const version = (
      await client.query<{ v: string }>("SELECT current_setting('server_version') AS v")
    ).rows[0]?.v;
    const table = await client.query("SELECT to_regclass('libero_schema') AS t");
    const schema =
      table.rows[0]?.t === null
        ? 0
        : Number(
            (await client.query<{ v: number }>('SELECT MAX(version) AS v FROM libero_schema'))
              .rows[0]?.v ?? 0,
          );
    const ok = schema <= POSTGRES_SCHEMA_VERSION;
    const state =
      schema === 0
        ? 'empty (the first service creates the tables)'
        : ok
          ? `libero schema ${schema}`
          : `libero schema ${schema}, newer than this libero's ${POSTGRES_SCHEMA_VERSION}: update libero`;
    return { name: 'studio database', ok, detail: `${where} (PostgreSQL ${version}; ${state})` };
  } catch (error) {
    return { name: 'studio database', ok: false, detail: `${where}: ${message(error)}` };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Runs the studio checks for the settings given (null: that part is not configured). */
export async function checkStudio(options: {
  readonly redisUrl: string | null;
  readonly databaseUrl: string | null;
  readonly cacheDir: string | null;
  readonly timeoutMs: number;
}): Promise<StudioCheck[]> {
  const checks: StudioCheck[] = [];
  if (options.redisUrl !== null) {
    const redis = await checkRedis(options.redisUrl, options.timeoutMs);
    checks.push(redis);
    if (redis.ok) {
      const farm = await readFarmStatus({ redisUrl: options.redisUrl, limit: 1 }).catch(() => null);
      const workers = farm?.workers ?? [];
      checks.push({
        name: 'studio workers',
        ok: workers.length > 0,
        detail:
          workers.length === 0
            ? 'no `libero worker` seen: start one beside each ComfyUI host (libero worker --comfyui URL)'
            : workers
                .map((w) => `${w.name} -> ${w.comfyui}${w.job === null ? '' : ' (busy)'}`)
                .join(', '),
      });
    }
  }
  if (options.databaseUrl !== null)
    checks.push(await checkDatabase(options.databaseUrl, options.timeoutMs));
  if (options.cacheDir !== null) {
    const cache = new FolderStudioCache(options.cacheDir);
    checks.push(
      await cache.probe().then(
        (): StudioCheck => ({
          name: 'studio cache',
          ok: true,
          detail: `${cache.location} (writable)`,
        }),
        (error: unknown): StudioCheck => ({
          name: 'studio cache',
          ok: false,
          detail: message(error),
        }),
      ),
    );
  }
  return checks;
}
