// "Send": export the current timeline as OTIO into the file `libero serve` watches. Resolve
// writes the export to a temp name in the same folder, then it is renamed over the watched file,
// so the service reads one complete version (never a half-written one).
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ResolveActionError } from './resolve-error.js';
import { currentTimeline } from './resolve-session.js';

/**
 * Exports the current timeline to `target` (the .otio the service watches).
 * @param {{resolve: any, target: string}} options
 * @returns {Promise<{timeline: string, file: string, bytes: number}>}
 */
export async function sendTimeline({ resolve, target }) {
  const { timeline } = currentTimeline(resolve);
  if (resolve.EXPORT_OTIO === undefined)
    throw new ResolveActionError(
      'RESOLVE_EXPORT_FAILED',
      'This DaVinci Resolve has no OTIO export (EXPORT_OTIO): Resolve 18.5 or newer is needed.',
    );
  try {
    await mkdir(dirname(target), { recursive: true });
  } catch (error) {
    throw new ResolveActionError(
      'RESOLVE_EXPORT_FAILED',
      `Cannot export timeline "${timeline.GetName()}": the folder ${dirname(target)} cannot be created (${error.code ?? error}).`,
      { timeline: timeline.GetName(), folder: dirname(target) },
    );
  }
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.${Date.now()}.tmp.otio`);
  // exportSubtype is ignored for OTIO; EXPORT_NONE is what Blackmagic's examples pass.
  const ok = timeline.Export(temp, resolve.EXPORT_OTIO, resolve.EXPORT_NONE);
  let bytes = 0;
  try {
    bytes = ok ? (await stat(temp)).size : 0;
  } catch {
    bytes = 0;
  }
  if (!ok || bytes === 0) {
    await rm(temp, { force: true });
    throw new ResolveActionError(
      'RESOLVE_EXPORT_FAILED',
      `DaVinci Resolve could not export timeline "${timeline.GetName()}" as OTIO to ${dirname(target)} (check that the folder is writable and the timeline is not empty).`,
      { timeline: timeline.GetName(), folder: dirname(target) },
    );
  }
  await rename(temp, target);
  return { timeline: timeline.GetName(), file: target, bytes };
}
