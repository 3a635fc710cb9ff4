/**
 * Content-addressed storage of cue audio, in the same layout as the shots' media cache
 * (`.libero/cache/<2 hex>/<key>.<ext>` with `<key>.json` provenance beside it), so one
 * project has one cache. A key is the hash of everything that made the audio; a key whose
 * file exists is done and sends nothing to any vendor. Writes are atomic (temporary name,
 * then rename; the sidecar first, the audio last).
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
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
}
