/**
 * One writer of a project's conformed timeline at a time. `generateProject` reads the conformed
 * file to learn the editor's take choices, then records takes, picks each shot's active take,
 * writes the file and remembers what it wrote; two runs interleaving those steps would take one's
 * fresh output for a choice of the other. That part runs under this lock; generating (the long
 * part) does not, so runs for different shots still generate side by side.
 *
 * Two layers: a queue per project inside this process (the service, tests), and a lock file
 * `.libero/conform.lock` holding the owner's pid across processes (the CLI beside the service).
 * A lock file whose process is gone is stale and taken over.
 */
import { mkdir, open, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { LiberoError } from '../shared/index.js';

/** How often a waiting process looks at another process's lock file. */
const POLL_MS = 50;
/**
 * The work under the lock only reads choices and writes one file: a lock older than this was
 * left by a process whose pid now belongs to someone else (pid reuse), and is stale.
 */
const STALE_AFTER_MS = 5 * 60_000;
/** Creating the lock and writing the pid take microseconds; an empty lock older than this is stale. */
const EMPTY_STALE_AFTER_MS = 5_000;

const queues = new Map<string, Promise<unknown>>();

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function aborted(file: string): LiberoError {
  return new LiberoError('ABORTED', `Cancelled while waiting for the lock ${file}`, {
    details: { file },
  });
}

async function acquireFile(file: string, signal: AbortSignal | null): Promise<void> {
  for (;;) {
    if (signal?.aborted === true) throw aborted(file);
    try {
      const handle = await open(file, 'wx');
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST')
        throw new LiberoError('FILE_WRITE_FAILED', `Cannot create the lock file ${file}`, {
          details: { file },
          cause: error,
        });
    }
    const owner = Number.parseInt(await readFile(file, 'utf8').catch(() => ''), 10);
    const age = Date.now() - ((await stat(file).catch(() => null))?.mtimeMs ?? Date.now());
    // A lock naming a process is stale when that process is gone, when it names this very
    // process (the in-process queue lets one caller here at a time, so it is a previous
    // incarnation's, e.g. a restarted container's pid 1), or when it is old. An empty lock is
    // usually being written right now; still empty after a few seconds, its owner was killed
    // between creating the file and writing its pid.
    const named = Number.isInteger(owner) && owner > 0;
    const stale = named
      ? owner === process.pid || !processAlive(owner) || age > STALE_AFTER_MS
      : age > EMPTY_STALE_AFTER_MS;
    if (stale) {
      await rm(file, { force: true });
      continue;
    }
    await delay(POLL_MS, undefined, signal === null ? {} : { signal }).catch(() => {
      throw aborted(file);
    });
  }
}

/** Options for {@link withConformLock}. */
export interface ConformLockOptions {
  /** The project's `.libero` folder (the lock file lives there). */
  readonly liberoDir: string;
  /** Stops waiting (ABORTED); work already running under the lock is not interrupted by it. */
  readonly signal: AbortSignal | null;
}

/** Runs `work` while holding the project's conform lock; resolves with its result. */
export async function withConformLock<T>(
  options: ConformLockOptions,
  work: () => Promise<T>,
): Promise<T> {
  const file = join(options.liberoDir, 'conform.lock');
  const previous = queues.get(file) ?? Promise.resolve();
  let release: () => void = () => undefined;
  const mine = new Promise<void>((resolve) => {
    release = resolve;
  });
  const tail = previous.then(() => mine);
  queues.set(file, tail);
  try {
    await previous;
    await mkdir(options.liberoDir, { recursive: true });
    await acquireFile(file, options.signal);
    try {
      return await work();
    } finally {
      await rm(file, { force: true });
    }
  } finally {
    release();
    if (queues.get(file) === tail) queues.delete(file);
  }
}
