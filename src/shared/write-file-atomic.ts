/**
 * The one atomic file write: a uniquely named temp file beside the target, then rename, so a
 * reader (or a crash) never sees half a file and a failed write leaves the previous file intact.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { LiberoError } from './libero-error.js';

/** Atomically replaces `file` with `data` (creating its folder); throws FILE_WRITE_FAILED. */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const temp = join(dirname(file), `.${basename(file)}.${randomUUID()}.tmp`);
  try {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(temp, data);
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw new LiberoError(
      'FILE_WRITE_FAILED',
      `cannot write ${file}: ${(error as Error).message}`,
      {
        details: { file },
        cause: error,
      },
    );
  }
}
