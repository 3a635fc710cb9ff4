// "Send": export the current timeline as OTIO into the file `libero serve` watches. Resolve
// writes the export to a temp name in the same folder, then it is renamed over the watched file,
// so the service reads one complete version (never a half-written one).
'use strict';

const { mkdir, rm, stat } = require('node:fs/promises');
const { basename, dirname, join } = require('node:path');
const { replaceFile } = require('./replace-file.js');
const { ResolveActionError } = require('./resolve-error.js');
const { currentTimeline } = require('./resolve-session.js');

/** Resolve's version as text, for messages (GetVersionString exists since 16). */
function versionOf(resolve) {
  try {
    return String(resolve.GetVersionString?.() ?? 'unknown');
  } catch {
    return 'unknown';
  }
}

/**
 * Exports the current timeline to `target` (the .otio the service watches).
 * @param {{resolve: any, target: string, renameFile?: ((from: string, to: string) => Promise<void>) | null, retryDelaysMs?: readonly number[] | null}} options
 * @returns {Promise<{timeline: string, file: string, bytes: number}>}
 */
async function sendTimeline({ resolve, target, renameFile = null, retryDelaysMs = null }) {
  const { timeline } = currentTimeline(resolve);
  // Some releases' JavaScript binding lacks the constant even where Python has it; say exactly that.
  if (resolve.EXPORT_OTIO === undefined || resolve.EXPORT_OTIO === null)
    throw new ResolveActionError(
      'RESOLVE_EXPORT_FAILED',
      `This DaVinci Resolve (${versionOf(resolve)}) does not offer resolve.EXPORT_OTIO to Workflow Integration plugins, so the panel cannot export the timeline as OTIO. Use File > Export > Timeline > OpenTimelineIO into ${target} instead, or update Resolve Studio (18.6.5 or newer).`,
      { timeline: timeline.GetName(), version: versionOf(resolve) },
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
  try {
    await replaceFile({ from: temp, to: target, renameFile, delaysMs: retryDelaysMs });
  } catch (error) {
    await rm(temp, { force: true });
    throw new ResolveActionError(
      'RESOLVE_EXPORT_FAILED',
      error.locked
        ? `Cannot replace ${target}: another program keeps it open (${error.code}, ${error.attempts} tries). Close what has the file open (an editor, a sync or antivirus tool), then send again.`
        : `Cannot replace ${target} with the new export (${error.code ?? error}).`,
      { timeline: timeline.GetName(), file: target },
    );
  }
  return { timeline: timeline.GetName(), file: target, bytes };
}

module.exports = { sendTimeline };
