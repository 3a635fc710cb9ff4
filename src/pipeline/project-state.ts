/** Opens a project's state store and media cache under its `.libero` folder. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { MediaCache } from '../generators/media-cache.js';
import { openSqliteStateStore } from '../generators/sqlite-state-store.js';
import type { StateStore } from '../generators/state-store.js';
import type { Project } from './project.js';

/** A project's store and cache; close it when done. */
export interface ProjectState {
  readonly store: StateStore;
  readonly cache: MediaCache;
  close(): void;
}

/** Opens (creating) `.libero/state.db` and `.libero/cache`. */
export function openProjectState(project: Pick<Project, 'liberoDir'>): ProjectState {
  mkdirSync(project.liberoDir, { recursive: true });
  const store = openSqliteStateStore(join(project.liberoDir, 'state.db'));
  const cache = new MediaCache(project.liberoDir);
  return { store, cache, close: () => store.close() };
}
