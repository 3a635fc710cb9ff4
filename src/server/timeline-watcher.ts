/**
 * Watches the editor's timeline file and its libero.json (chokidar) and hands over each new
 * version exactly once. NLEs save by writing a temp file and renaming it over the old one, or by
 * writing the file in several chunks: every event restarts a quiet-period timer, the file is
 * read when it has been quiet for `debounceMs` and did not change while it was being read, and
 * a version whose bytes hash like the last one read is not handed over again.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { watch } from 'chokidar';
import type { FSWatcher } from 'chokidar';
import { LiberoError } from '../shared/index.js';

/** Which watched file a version belongs to. */
export type WatchedFileKind = 'timeline' | 'config';

/** One new version of a watched file. */
export interface FileVersion {
  readonly kind: WatchedFileKind;
  readonly path: string;
  readonly text: string;
  /** sha256 of the bytes, hex. */
  readonly hash: string;
}

/** Options for {@link watchTimeline}. */
export interface WatchTimelineOptions {
  readonly timelinePath: string;
  /** libero.json beside the timeline; null to watch only the timeline. */
  readonly configPath: string | null;
  /** Quiet time after the last file event before reading (ms). */
  readonly debounceMs: number;
  readonly onVersion: (version: FileVersion) => void;
  readonly onError: (error: LiberoError) => void;
}

/** A running watcher. */
export interface TimelineWatcher {
  /** How many times a file was read (each version once; tests check it). */
  readonly reads: () => number;
  close(): Promise<void>;
}

interface Tracked {
  readonly kind: WatchedFileKind;
  readonly path: string;
  timer: NodeJS.Timeout | null;
  lastHash: string | null;
  reading: boolean;
  again: boolean;
}

/**
 * Starts watching; the current content of each file is handed over first (when it exists).
 * Resolves once the watcher is ready, so a save made after that is seen.
 */
export async function watchTimeline(options: WatchTimelineOptions): Promise<TimelineWatcher> {
  const files = new Map<string, Tracked>();
  const track = (kind: WatchedFileKind, path: string): void => {
    const full = resolve(path);
    files.set(full, {
      kind,
      path: full,
      timer: null,
      lastHash: null,
      reading: false,
      again: false,
    });
  };
  track('timeline', options.timelinePath);
  if (options.configPath !== null) track('config', options.configPath);
  let reads = 0;
  let closed = false;

  const readSettled = async (file: Tracked): Promise<void> => {
    if (file.reading) {
      file.again = true;
      return;
    }
    file.reading = true;
    try {
      const before = await stat(file.path);
      const bytes = await readFile(file.path);
      const after = await stat(file.path);
      reads += 1;
      if (before.mtimeMs !== after.mtimeMs || after.size !== bytes.length) {
        // Still being written: wait for quiet again.
        schedule(file);
        return;
      }
      const hash = createHash('sha256').update(bytes).digest('hex');
      if (hash === file.lastHash || closed) return;
      file.lastHash = hash;
      options.onVersion({ kind: file.kind, path: file.path, text: bytes.toString('utf8'), hash });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // Mid-rename the file can be briefly absent; the rename's own event reschedules.
      if (code === 'ENOENT') {
        if (file.kind === 'timeline' && file.lastHash === null && !closed)
          options.onError(
            new LiberoError(
              'FILE_NOT_FOUND',
              `the watched timeline ${file.path} does not exist yet; waiting for it`,
              {
                details: { file: file.path },
              },
            ),
          );
        return;
      }
      options.onError(
        new LiberoError('INTERNAL', `cannot read the watched file ${file.path}: ${String(error)}`, {
          details: { file: file.path },
          cause: error,
        }),
      );
    } finally {
      file.reading = false;
      if (file.again) {
        file.again = false;
        schedule(file);
      }
    }
  };

  const schedule = (file: Tracked): void => {
    if (closed) return;
    if (file.timer !== null) clearTimeout(file.timer);
    file.timer = setTimeout(() => {
      file.timer = null;
      void readSettled(file);
    }, options.debounceMs);
  };

  const dirs = [...new Set([...files.values()].map((f) => dirname(f.path)))];
  const watcher: FSWatcher = watch(dirs, {
    ignoreInitial: true,
    depth: 0,
    // We do our own settling; chokidar's atomic mode would only delay unlink events.
    atomic: false,
    ignored: (path: string) => !dirs.includes(resolve(path)) && !files.has(resolve(path)),
  });
  watcher.on('all', (_event, path) => {
    const file = files.get(resolve(path));
    if (file !== undefined) schedule(file);
  });
  watcher.on('error', (error) =>
    options.onError(
      new LiberoError('INTERNAL', `watching ${dirs.join(', ')} failed: ${String(error)}`, {
        details: { dirs },
        cause: error,
      }),
    ),
  );
  await new Promise<void>((ready) => watcher.once('ready', () => ready()));
  // The first version of each file, in a fixed order: config before timeline.
  const ordered = [...files.values()].sort((a) => (a.kind === 'config' ? -1 : 1));
  for (const file of ordered) await readSettled(file);

  return {
    reads: () => reads,
    close: async () => {
      closed = true;
      for (const file of files.values()) if (file.timer !== null) clearTimeout(file.timer);
      await watcher.close();
    },
  };
}

/** The `libero.json` path beside a timeline. */
export function configPathFor(timelinePath: string): string {
  return resolve(dirname(timelinePath), 'libero.json');
}

/** The conformed timeline written beside the editor's file: `NAME.conformed.otio`. */
export function conformedPathFor(timelinePath: string): string {
  const name = basename(timelinePath).replace(/\.otio$/i, '');
  return resolve(dirname(timelinePath), `${name}.conformed.otio`);
}
