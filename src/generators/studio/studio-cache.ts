/**
 * The studio's shared media cache: every stage output of every project, named by content key,
 * in one place every service and worker reaches. The port is small so that an object store
 * (S3 and the like) can stand behind it; {@link FolderStudioCache} is a shared folder (a NAS
 * mount), written atomically (a private temp file, then a rename) so a reader never sees half a
 * file and two writers of one key leave one whole file.
 *
 * ```
 * <root>/3f/3f2a...c1.mp4            the output
 * <root>/3f/3f2a...c1.result.json    what the worker reported (host, timings, facts)
 * ```
 */
import { randomUUID } from 'node:crypto';
import { copyFile, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LiberoError } from '../../shared/index.js';

/** The studio cache's port. */
export interface StudioCache {
  /** Where it is, for messages and `libero doctor` (a folder path or a bucket URL). */
  readonly location: string;
  /** Whether the output of `key` is there. */
  has(key: string, ext: string): Promise<boolean>;
  /** Stores `file` as the output of `key` (replacing nothing that is already whole). */
  put(options: { key: string; ext: string; file: string }): Promise<void>;
  /** Copies the output of `key` to `to`. */
  get(options: { key: string; ext: string; to: string }): Promise<void>;
  /** Stores a small JSON document beside `key` (`name` like `result`). */
  putJson(options: { key: string; name: string; value: unknown }): Promise<void>;
  /** The JSON document stored beside `key`, or null. */
  getJson(options: { key: string; name: string }): Promise<unknown>;
  /** Writes and removes a probe file: throws when the cache cannot be written. */
  probe(): Promise<void>;
}

/** A {@link StudioCache} in a folder shared by every machine of the studio. */
export class FolderStudioCache implements StudioCache {
  readonly location: string;

  constructor(root: string) {
    this.location = root;
  }

  private pathFor(key: string, suffix: string): string {
    return join(this.location, key.slice(0, 2), `${key}.${suffix}`);
  }

  private fail(what: string, error: unknown, key: string | null): LiberoError {
    return new LiberoError(
      'FILE_WRITE_FAILED',
      `the studio cache ${this.location}: ${what}: ${(error as Error).message}`,
      { details: { cache: this.location, key }, cause: error },
    );
  }

  /** Copies `from` to `target` through a private temp file beside it, then renames. */
  private async install(from: string | Buffer, target: string): Promise<void> {
    const tmp = `${target}.${randomUUID()}.tmp`;
    await mkdir(join(target, '..'), { recursive: true });
    try {
      if (typeof from === 'string') await copyFile(from, tmp);
      else await writeFile(tmp, from);
      await rename(tmp, target);
    } finally {
      await rm(tmp, { force: true });
    }
  }

  async has(key: string, ext: string): Promise<boolean> {
    return stat(this.pathFor(key, ext)).then(
      (s) => s.isFile(),
      () => false,
    );
  }

  async put(options: { key: string; ext: string; file: string }): Promise<void> {
    if (await this.has(options.key, options.ext)) return;
    try {
      await this.install(options.file, this.pathFor(options.key, options.ext));
    } catch (error) {
      throw this.fail(`cannot store ${options.file} as ${options.key}`, error, options.key);
    }
  }

  async get(options: { key: string; ext: string; to: string }): Promise<void> {
    try {
      await this.install(this.pathFor(options.key, options.ext), options.to);
    } catch (error) {
      throw this.fail(`cannot copy ${options.key} to ${options.to}`, error, options.key);
    }
  }

  async putJson(options: { key: string; name: string; value: unknown }): Promise<void> {
    try {
      const text = `${JSON.stringify(options.value, null, 2)}\n`;
      await this.install(Buffer.from(text), this.pathFor(options.key, `${options.name}.json`));
    } catch (error) {
      throw this.fail(`cannot store ${options.name} of ${options.key}`, error, options.key);
    }
  }

  async getJson(options: { key: string; name: string }): Promise<unknown> {
    const text = await readFile(this.pathFor(options.key, `${options.name}.json`), 'utf8').catch(
      () => null,
    );
    return text === null ? null : (JSON.parse(text) as unknown);
  }

  async probe(): Promise<void> {
    const file = join(this.location, `.probe-${randomUUID()}`);
    try {
      await mkdir(this.location, { recursive: true });
      await writeFile(file, 'libero');
      await rm(file);
    } catch (error) {
      throw this.fail('cannot write into it', error, null);
    }
  }
}
