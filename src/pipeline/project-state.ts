/** Opens a project's state store and media cache under its `.libero` folder. */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { studioSettingsFrom } from '../config/index.js';
import { MediaCache } from '../generators/media-cache.js';
import { openPostgresStateStore } from '../generators/postgres/postgres-state-store.js';
import { openSqliteStateStore } from '../generators/sqlite-state-store.js';
import type { StateStore } from '../generators/state-store.js';
import { studioProjectId } from '../generators/studio/studio-project-id.js';
import type { Project } from './project.js';

/** A project's store and cache; close it when done. */
export interface ProjectState {
  readonly store: StateStore;
  readonly cache: MediaCache;
  close(): void;
}

/** Longest a statement to the studio's PostgreSQL may take. */
const DATABASE_TIMEOUT_MS = 30_000;

/**
 * Opens (creating) `.libero/state.db` and `.libero/cache`; in studio mode (LIBERO_DATABASE_URL
 * or libero.json `studio.database`) the state is the studio's PostgreSQL instead.
 */
export function openProjectState(
  project: Pick<Project, 'liberoDir'> & Partial<Pick<Project, 'config'>>,
  env: NodeJS.ProcessEnv = process.env,
): ProjectState {
  mkdirSync(project.liberoDir, { recursive: true });
  const studio = studioSettingsFrom({ env, config: project.config ?? null });
  const store =
    studio.databaseUrl === null
      ? openSqliteStateStore(join(project.liberoDir, 'state.db'))
      : openPostgresStateStore({
          url: studio.databaseUrl,
          project: studioProjectId({ dir: dirname(project.liberoDir), configured: studio.project }),
          timeoutMs: DATABASE_TIMEOUT_MS,
        });
  const cache = new MediaCache(project.liberoDir);
  return { store, cache, close: () => store.close() };
}
