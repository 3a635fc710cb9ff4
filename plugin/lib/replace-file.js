// Renaming a finished export over the file `libero serve` watches. On Windows the rename fails
// with EPERM/EACCES/EBUSY while another program (the service reading it, an antivirus scan, a
// backup tool) has the file open; that lasts milliseconds, so the rename is retried a few times
// before the editor gets an error that says which file is held.
'use strict';

const { rename } = require('node:fs/promises');

/** Error codes Windows gives a rename over a file that is open elsewhere. */
const LOCKED = new Set(['EPERM', 'EACCES', 'EBUSY']);

/** Delays between tries (ms): about 1.5 s in all. */
const RETRY_DELAYS_MS = [50, 100, 200, 400, 800];

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

/**
 * Renames `from` over `to`, retrying while the target is locked. Rejects with the last error,
 * carrying `locked: true` when every try met a lock.
 * @param {{from: string, to: string, renameFile: ((from: string, to: string) => Promise<void>) | null, delaysMs: readonly number[] | null}} options
 */
async function replaceFile({ from, to, renameFile, delaysMs }) {
  const move = renameFile ?? rename;
  const delays = delaysMs ?? RETRY_DELAYS_MS;
  for (let attempt = 0; ; attempt += 1) {
    try {
      await move(from, to);
      return { attempts: attempt + 1 };
    } catch (error) {
      if (!LOCKED.has(error?.code) || attempt >= delays.length)
        throw Object.assign(error, { locked: LOCKED.has(error?.code), attempts: attempt + 1 });
      await sleep(delays[attempt]);
    }
  }
}

module.exports = { replaceFile, LOCKED, RETRY_DELAYS_MS };
