/**
 * The content-addressed media cache under the project's `.libero/cache/`: each output is
 * named by the key of everything that made it, with a provenance sidecar beside it.
 *
 * ```
 * .libero/cache/3f/3f2a...c1.mp4        the output
 * .libero/cache/3f/3f2a...c1.json       its provenance (prompt, seed, template, host, timings)
 * .libero/tmp/<key>-<n>/                where a backend writes while it works
 * ```
 * Writes are atomic: a backend writes into a private folder on the same file system, then the
 * sidecar and the output are renamed into place (output last). A key whose output exists is done.
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { LiberoError } from '../shared/index.js';

/** What the sidecar JSON holds. */
export interface Provenance {
  readonly key: string;
  readonly shotId: string;
  readonly kind: string;
  readonly template: string;
  readonly templateVersion: string;
  readonly params: Readonly<Record<string, unknown>>;
  /** Input keys and the files they were read from. */
  readonly inputs: Readonly<Record<string, unknown>>;
  readonly backend: string;
  readonly host: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly seconds: number;
  /** Facts the backend reported (models, prompt id, ...). */
  readonly backendFacts: Readonly<Record<string, unknown>>;
}

/** The cache of one project. */
export class MediaCache {
  readonly root: string;
  readonly tmpRoot: string;

  /** `liberoDir` is the project's `.libero` folder. */
  constructor(liberoDir: string) {
    this.root = join(liberoDir, 'cache');
    this.tmpRoot = join(liberoDir, 'tmp');
  }

  /** Where the output of `key` lives (whether or not it exists). */
  pathFor(key: string, ext: string): string {
    return join(this.root, key.slice(0, 2), `${key}.${ext}`);
  }

  /** Where the provenance of `key` lives. */
  sidecarFor(key: string): string {
    return join(this.root, key.slice(0, 2), `${key}.json`);
  }

  /** The output of `key` when it is in the cache, else null. */
  lookup(key: string, ext: string): string | null {
    const file = this.pathFor(key, ext);
    return existsSync(file) ? file : null;
  }

  /** A fresh private folder for a step to write into. */
  async workDir(key: string): Promise<string> {
    await mkdir(this.tmpRoot, { recursive: true });
    return mkdtemp(join(this.tmpRoot, `${key}-`));
  }

  /**
   * Moves a finished output into the cache with its sidecar and removes the work folder.
   * Returns the cached path.
   */
  async commit(options: {
    file: string;
    provenance: Provenance;
    workDir: string | null;
  }): Promise<string> {
    const { file, provenance } = options;
    const ext = extname(file).slice(1);
    const target = this.pathFor(provenance.key, ext);
    const sidecar = this.sidecarFor(provenance.key);
    try {
      await mkdir(join(this.root, provenance.key.slice(0, 2)), { recursive: true });
      const sidecarTmp = `${sidecar}.${process.pid}.tmp`;
      await writeFile(sidecarTmp, JSON.stringify(provenance, null, 2) + '\n');
      await rename(sidecarTmp, sidecar);
      try {
        await rename(file, target);
      } catch (error) {
        // Another file system (a backend that wrote elsewhere): copy beside, then rename.
        if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
        const copyTmp = `${target}.${process.pid}.tmp`;
        await copyFile(file, copyTmp);
        await rename(copyTmp, target);
      }
    } catch (error) {
      throw new LiberoError(
        'FILE_WRITE_FAILED',
        `cannot store ${file} in the cache as ${target}: ${(error as Error).message}`,
        {
          details: { file, target, key: provenance.key },
          cause: error,
        },
      );
    }
    if (options.workDir !== null) await rm(options.workDir, { recursive: true, force: true });
    return target;
  }
}
