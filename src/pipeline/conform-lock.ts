/**
 * One writer of a project's conformed timeline at a time. `generateProject` reads the conformed
 * file to learn the editor's take choices, then records takes, picks each shot's active take,
 * writes the file and remembers what it wrote; two runs interleaving those steps would take one's
 * fresh output for a choice of the other. That part runs under this lock; generating (the long
 * part) does not, so runs for different shots still generate side by side.
 *
 * Two layers: a queue per project inside this process (the service, tests), and lock files in
 * `.libero` holding the owner's pid across processes (the CLI beside the service). A lock file
 * whose process is gone is stale.
 *
 * Taking over a stale lock never removes it: removing by path is a race (two processes find
 * the same stale file, one removes it and creates its own, the other then removes that fresh
 * lock and creates a second: both run). Instead the lock files are numbered generations,
 * `conform.lock.<n>` (`conform.lock`, written by older versions, is generation 0); the lock is
 * held by the highest generation. A process takes it by creating the next generation with
 * O_EXCL (exactly one creator wins) when the highest one is stale or released, then checks that
 * no higher generation appeared. Only the holder removes its own file, when it is done; a stale
 * file stays behind (one per crash, a few bytes) until an owner of the folder deletes it.
 */
import { mkdir, open, readdir, readFile, rm, stat } from 'node:fs/promises';
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

const LOCK = 'conform.lock';

/** The generation of a lock file name (`conform.lock` is 0), or null for other files. */
function generationOf(name: string): number | null {
  if (name === LOCK) return 0;
  const match = /^conform\.lock\.(\d+)$/.exec(name);
  return match === null ? null : Number(match[1]);
}

function lockFile(dir: string, generation: number): string {
  return join(dir, generation === 0 ? LOCK : `${LOCK}.${generation}`);
}

async function generations(dir: string): Promise<number[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names
    .map(generationOf)
    .filter((g): g is number => g !== null)
    .sort((a, b) => a - b);
}

/** Whether a lock file is held by a live owner, stale, or gone (released meanwhile). */
async function lockState(file: string): Promise<'held' | 'stale' | 'gone'> {
  const text = await readFile(file, 'utf8').catch(() => null);
  const info = await stat(file).catch(() => null);
  if (text === null || info === null) return 'gone';
  const owner = Number.parseInt(text, 10);
  const age = Date.now() - info.mtimeMs;
  // A lock naming a process is stale when that process is gone, when it names this very
  // process (the in-process queue lets one caller here at a time, so it is a previous
  // incarnation's, e.g. a restarted container's pid 1), or when it is old. An empty lock is
  // usually being written right now; still empty after a few seconds, its owner was killed
  // between creating the file and writing its pid.
  const named = Number.isInteger(owner) && owner > 0;
  const stale = named
    ? owner === process.pid || !processAlive(owner) || age > STALE_AFTER_MS
    : age > EMPTY_STALE_AFTER_MS;
  return stale ? 'stale' : 'held';
}

/** Takes the cross-process lock in `dir`; resolves with the lock file this process owns. */
async function acquireFile(dir: string, signal: AbortSignal | null): Promise<string> {
  for (;;) {
    if (signal?.aborted === true) throw aborted(join(dir, LOCK));
    const top = (await generations(dir)).at(-1) ?? null;
    if (top !== null && (await lockState(lockFile(dir, top))) === 'held') {
      await delay(POLL_MS, undefined, signal === null ? {} : { signal }).catch(() => {
        throw aborted(lockFile(dir, top));
      });
      continue;
    }
    const next = (top ?? 0) + 1;
    const mine = lockFile(dir, next);
    try {
      const handle = await open(mine, 'wx');
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue; // another process won
      throw new LiberoError('FILE_WRITE_FAILED', `Cannot create the lock file ${mine}`, {
        details: { file: mine },
        cause: error,
      });
    }
    // Someone who saw an older picture of the folder may have gone higher meanwhile: theirs wins.
    if ((await generations(dir)).some((g) => g > next)) {
      await rm(mine, { force: true });
      continue;
    }
    return mine;
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
  const file = join(options.liberoDir, LOCK);
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
    const mine = await acquireFile(options.liberoDir, options.signal);
    try {
      return await work();
    } finally {
      await rm(mine, { force: true });
    }
  } finally {
    release();
    if (queues.get(file) === tail) queues.delete(file);
  }
}
