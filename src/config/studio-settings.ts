/**
 * Studio mode's settings: the `studio` section of `libero.json` and the environment over it
 * (`LIBERO_REDIS_URL`, `LIBERO_DATABASE_URL`, `LIBERO_STUDIO_CACHE`, `LIBERO_STUDIO_PROJECT`).
 * With neither a Redis nor a database URL nothing changes: SQLite and the in-process pool.
 */
import { z } from 'zod';
import { ValidationError } from '../shared/index.js';

/** The `studio` section of `libero.json`. */
export const studioConfigSchema = z.strictObject({
  /** Redis of the studio's BullMQ queues (`redis://farm:6379`); null: the in-process pool. */
  redis: z.string().min(1).nullable().default(null),
  /** PostgreSQL of the studio's state (`postgres://libero@db/libero`); null: `.libero/state.db`. */
  database: z.string().min(1).nullable().default(null),
  /** The shared cache folder every service and worker reaches (a NAS mount). */
  cache: z.string().min(1).nullable().default(null),
  /** This project's name in the studio; null: the folder's name and a hash of its path. */
  project: z.string().min(1).nullable().default(null),
});

/** The `studio` section with its defaults. */
export type StudioConfig = z.infer<typeof studioConfigSchema>;

/** Resolved studio settings (env over libero.json); all null outside studio mode. */
export interface StudioSettings {
  readonly redisUrl: string | null;
  readonly databaseUrl: string | null;
  readonly cacheDir: string | null;
  readonly project: string | null;
}

const envValue = (env: NodeJS.ProcessEnv, name: string): string | null => {
  const value = env[name]?.trim() ?? '';
  return value === '' ? null : value;
};

/**
 * The studio settings of a project (`config` null: libero.json's defaults). Queueing work
 * (Redis) also needs the shared cache: see {@link requireStudioCache}.
 */
export function studioSettingsFrom(options: {
  readonly env: NodeJS.ProcessEnv;
  readonly config: { readonly studio: StudioConfig } | null;
}): StudioSettings {
  const file = options.config?.studio ?? studioConfigSchema.parse({});
  const settings: StudioSettings = {
    redisUrl: envValue(options.env, 'LIBERO_REDIS_URL') ?? file.redis,
    databaseUrl: envValue(options.env, 'LIBERO_DATABASE_URL') ?? file.database,
    cacheDir: envValue(options.env, 'LIBERO_STUDIO_CACHE') ?? file.cache,
    project: envValue(options.env, 'LIBERO_STUDIO_PROJECT') ?? file.project,
  };
  return settings;
}

/** The shared cache folder studio mode needs beside Redis; throws CONFIG_INVALID without it. */
export function requireStudioCache(settings: StudioSettings): string {
  if (settings.cacheDir !== null) return settings.cacheDir;
  throw new ValidationError(
    'CONFIG_INVALID',
    'studio mode (LIBERO_REDIS_URL or libero.json studio.redis) needs the shared cache folder every worker reaches: set LIBERO_STUDIO_CACHE or libero.json studio.cache',
    { details: { redis: settings.redisUrl } },
  );
}
