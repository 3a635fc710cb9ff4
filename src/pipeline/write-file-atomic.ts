/** Writes a file by writing a sibling and renaming it: readers never see half a file. */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { LiberoError } from '../shared/index.js';

/** Atomically replaces `file` with `data`. */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(tmp, data);
    await rename(tmp, file);
  } catch (error) {
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
