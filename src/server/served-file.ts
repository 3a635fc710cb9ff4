/**
 * Which files the service may send: only those inside the project's output and cache folders.
 * URLs are `/api/files/<path relative to the project folder>`; the path is resolved, symlinks
 * included, and refused when it leaves those folders.
 */
import { realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { LiberoError } from '../shared/index.js';

/** Where served files may come from. */
export interface ServedRoots {
  readonly projectDir: string;
  readonly servedRoots: readonly string[];
}

function inside(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** The URL of a file, or null when it is not inside a served root. */
export function servedUrlFor(options: { file: string; engine: ServedRoots }): string | null {
  const file = resolve(options.file);
  if (!options.engine.servedRoots.some((root) => inside(file, resolve(root)))) return null;
  const rel = relative(resolve(options.engine.projectDir), file);
  if (rel.startsWith('..') || isAbsolute(rel)) return null;
  return '/api/files/' + rel.split(sep).map(encodeURIComponent).join('/');
}

/**
 * The real path of a requested file, or an error: API_PATH_REFUSED when it leaves the served
 * roots (`..`, an absolute path, a symlink pointing out), API_NOT_FOUND when it does not exist.
 */
export async function resolveServedFile(options: {
  requested: string;
  roots: ServedRoots;
}): Promise<string> {
  const { requested, roots } = options;
  const refuse = (): LiberoError =>
    new LiberoError(
      'API_PATH_REFUSED',
      `refused to serve "${requested}": only files in the project's output and cache folders are served`,
      { details: { path: requested } },
    );
  if (requested.includes('\0') || isAbsolute(requested)) throw refuse();
  const candidate = resolve(roots.projectDir, requested);
  const lexicalRoots = roots.servedRoots.map((r) => resolve(r));
  if (!lexicalRoots.some((root) => inside(candidate, root))) throw refuse();
  let real: string;
  try {
    real = await realpath(candidate);
  } catch {
    throw new LiberoError('API_NOT_FOUND', `no file "${requested}" in the project's output`, {
      details: { path: requested },
    });
  }
  const realRoots = await Promise.all(lexicalRoots.map((r) => realpath(r).catch(() => r)));
  if (!realRoots.some((root) => inside(real, root))) throw refuse();
  return real;
}
