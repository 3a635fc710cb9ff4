/**
 * Writes each take's QC into the conformed timeline, on the take's media reference:
 * `metadata.libero.qc = {score, faults: [{kind, start_frame, end_frame, detail}]}`, frames of the
 * take's file. `libero inspect` and the panel read it from there.
 */
import type { AnyDictionary, Clip } from '../../timeline/index.js';
import type { TakeQc } from './qc-fault.js';

/** The JSON written for a take's QC. */
export function qcToMetadata(qc: TakeQc): AnyDictionary {
  return {
    version: qc.version,
    score: qc.score,
    fps: qc.fps,
    faults: qc.faults.map((f) => ({
      kind: f.kind,
      start_frame: f.startFrame,
      end_frame: f.endFrame,
      detail: f.detail,
    })),
  };
}

/** Options for {@link annotateTakeQc}. */
export interface AnnotateTakeQcOptions {
  readonly clip: Clip;
  /** QC by media reference key (`take-001`). */
  readonly qcByKey: ReadonlyMap<string, TakeQc>;
}

/** Sets `metadata.libero.qc` on every take reference of the clip that has a result. */
export function annotateTakeQc(options: AnnotateTakeQcOptions): void {
  for (const [key, reference] of Object.entries(options.clip.mediaReferences)) {
    const qc = options.qcByKey.get(key);
    if (qc === undefined) continue;
    const current = reference.metadata['libero'];
    const libero =
      current !== null && typeof current === 'object' && !Array.isArray(current)
        ? (current as AnyDictionary)
        : {};
    libero['qc'] = qcToMetadata(qc);
    reference.metadata['libero'] = libero;
  }
}
