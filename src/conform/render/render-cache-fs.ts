/** The render's file system: the cache folders, atomic writes, card text files. */
import {
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { LiberoError } from '../../shared/index.js';

/** The folders of the render cache under `cacheDir`. */
export interface RenderCacheDirs {
  readonly segments: string;
  readonly audio: string;
  readonly text: string;
  readonly joins: string;
}

/** Creates (if needed) and returns the cache folders. */
export function renderCacheDirs(cacheDir: string): RenderCacheDirs {
  const dirs = {
    segments: join(cacheDir, 'segments'),
    audio: join(cacheDir, 'audio'),
    text: join(cacheDir, 'text'),
    joins: join(cacheDir, 'joins'),
  };
  try {
    for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new LiberoError('FILE_WRITE_FAILED', `Cannot create the render cache in ${cacheDir}.`, {
      details: { path: cacheDir },
      cause: error,
    });
  }
  return dirs;
}

/** True when a complete cached file exists (non-empty). */
export function cachedFileExists(path: string): boolean {
  try {
    return statSync(path).size > 0;
  } catch {
    return false;
  }
}

let temporaryCount = 0;

/** A temporary sibling of `path` (its folder created) for writing before the atomic rename. */
export function temporarySibling(path: string, suffix: string): string {
  try {
    mkdirSync(dirname(path), { recursive: true });
  } catch (error) {
    throw new LiberoError('FILE_WRITE_FAILED', `Cannot create the folder of ${path}.`, {
      details: { path },
      cause: error,
    });
  }
  // pid + time + a counter: two jobs started in the same millisecond (segments encode two at a
  // time, the audio alongside) never share a temporary file.
  temporaryCount += 1;
  return join(
    dirname(path),
    `.${process.pid}-${Date.now().toString(36)}-${temporaryCount.toString(36)}-${suffix}`,
  );
}

/** Moves a finished temporary file into place. */
export function commitFile(temporary: string, path: string): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
    renameSync(temporary, path);
  } catch (error) {
    throw new LiberoError('FILE_WRITE_FAILED', `Cannot write ${path}.`, {
      details: { path },
      cause: error,
    });
  }
}

/** Removes a temporary file, ignoring a missing one. */
export function discardFile(path: string): void {
  rmSync(path, { force: true });
}

/** Writes a small text file (temporary file, then rename) unless it already exists. */
export function writeTextOnce(path: string, text: string): void {
  if (existsSync(path)) return;
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, path);
  } catch (error) {
    throw new LiberoError('FILE_WRITE_FAILED', `Cannot write ${path}.`, {
      details: { path },
      cause: error,
    });
  }
}

/** A small text file's content, or null when it does not exist. */
export function readTextIfExists(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}
