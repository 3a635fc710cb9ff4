/**
 * What a clip of the timeline says about look matching: whether it opts out
 * (`metadata.libero.match: false`, or a marker named `nomatch`), and whether the editor graded it
 * (`libero.cdl`, Resolve's or OTIO's CDL fields; the render reads them, src/conform/render/cdl.ts).
 * Also writes the derived CDL as `metadata.libero.cdl_auto`, leaving `libero.cdl` alone.
 */
import type { AnyDictionary, Clip } from '../../timeline/index.js';
import { cdlFromMetadata, cdlToMetadata } from './cdl.js';
import type { Cdl } from './cdl.js';

function liberoOf(clip: Clip): AnyDictionary | null {
  const value = clip.metadata['libero'];
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as AnyDictionary)
    : null;
}

/** True when the clip keeps its own look. */
export function lookOptOut(clip: Clip): boolean {
  const libero = liberoOf(clip);
  if (libero?.['match'] === false || libero?.['match'] === 'false') return true;
  return clip.markers.some((m) => m.name.trim().toLowerCase() === 'nomatch');
}

/** The editor's own CDL on the clip (any source but `cdl_auto`), or null. */
export function editorCdl(clip: Clip): Cdl | null {
  const found = cdlFromMetadata(clip.metadata);
  return found === null || found.origin === 'auto' ? null : found.cdl;
}

/** Sets (or, for null, removes) `metadata.libero.cdl_auto` on a clip. */
export function writeCdlAuto(clip: Clip, cdl: Cdl | null): void {
  let libero = liberoOf(clip);
  if (cdl === null) {
    if (libero !== null) delete libero['cdl_auto'];
    return;
  }
  if (libero === null) {
    libero = {};
    clip.metadata['libero'] = libero;
  }
  libero['cdl_auto'] = cdlToMetadata(cdl);
}
