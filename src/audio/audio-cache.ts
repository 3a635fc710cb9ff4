/**
 * Content-addressed storage of cue audio, in the same layout as the shots' media cache
 * (`.libero/cache/<2 hex>/<key>.<ext>` with `<key>.json` provenance beside it), so one
 * project has one cache. A key is the hash of everything that made the audio; a key whose
 * file exists is done and sends nothing to any vendor. Writes are atomic (temporary name,
 * then rename; the sidecar first, the audio last). A cue whose last attempt failed has a
 * `<key>.failed.json` note (code, message) until it is made, so every process (the CLI, the
 * service) can tell a failed cue from one never tried.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { contentKey, writeFileAtomic } from '../shared/index.js';

/** 32 hex digits of SHA-256 of the canonical JSON of `value` (the shared content key). */
export const audioKey = contentKey;

/** SHA-256 of a file's bytes (scratch recordings are keyed by content, not by name). */
export async function fileHash(path: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(path))
    .digest('hex');
}

/** One cached cue. */
export interface CachedAudio {
  readonly path: string;
  readonly provenance: Readonly<Record<string, unknown>>;
}

/** Why a cue's last attempt failed. */
export interface CueFailure {
  readonly code: string;
  readonly message: string;
}

/** The audio part of a project's cache. */
export class AudioCache {
  readonly root: string;

  /** `liberoDir` is the project's `.libero` folder. */
  constructor(liberoDir: string) {
    this.root = join(liberoDir, 'cache');
  }

  /** Where the audio of `key` lives (whether or not it exists). */
  pathFor(key: string, ext: string): string {
    return join(this.root, key.slice(0, 2), `${key}.${ext}`);
  }

  /** Where the provenance of `key` lives. */
  sidecarFor(key: string): string {
    return join(this.root, key.slice(0, 2), `${key}.json`);
  }

  /** The cached audio and its provenance, or null. */
  async lookup(key: string, ext: string): Promise<CachedAudio | null> {
    const path = this.pathFor(key, ext);
    if (!existsSync(path)) return null;
    let provenance: Record<string, unknown> = {};
    try {
      provenance = JSON.parse(await readFile(this.sidecarFor(key), 'utf8')) as Record<
        string,
        unknown
      >;
    } catch {
      // A sidecar is informative; the audio alone is the cache entry.
    }
    return { path, provenance };
  }

  /** Stores bytes (and their provenance) under `key`; returns the cached path. */
  async store(options: {
    key: string;
    ext: string;
    bytes: Buffer;
    provenance: Readonly<Record<string, unknown>>;
  }): Promise<string> {
    const { key, ext, bytes, provenance } = options;
    const target = this.pathFor(key, ext);
    const sidecar = this.sidecarFor(key);
    // Sidecar first, audio last: a key whose audio exists is complete.
    await writeFileAtomic(sidecar, JSON.stringify({ key, ...provenance }, null, 2) + '\n');
    await writeFileAtomic(target, bytes);
    return target;
  }

  /** Where the failure note of `key` lives. */
  failureFor(key: string): string {
    return join(this.root, key.slice(0, 2), `${key}.failed.json`);
  }

  /** Notes that the cue of `key` failed (replaced by the next attempt's outcome). */
  async recordFailure(key: string, failure: CueFailure): Promise<void> {
    await writeFileAtomic(
      this.failureFor(key),
      JSON.stringify({ key, code: failure.code, message: failure.message }, null, 2) + '\n',
    );
  }

  /** The failure noted for `key` and not made since, or null. */
  async failureOf(key: string): Promise<CueFailure | null> {
    try {
      const note = JSON.parse(await readFile(this.failureFor(key), 'utf8')) as Partial<CueFailure>;
      return typeof note.code === 'string' && typeof note.message === 'string'
        ? { code: note.code, message: note.message }
        : null;
    } catch {
      return null;
    }
  }

  /** Forgets the failure of `key` (it was made). */
  async clearFailure(key: string): Promise<void> {
    await rm(this.failureFor(key), { force: true });
  }
}
