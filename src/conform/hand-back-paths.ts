/**
 * The last step before the hand-back is written (pure): the media libero made (takes, and any
 * reference carrying `metadata.libero`) is pointed at the editor's paths (`paths.map`
 * reversed), and `global_start_time` is set from `conform.startTimecode` when the project asks
 * for one; otherwise it stays as the editor's timeline had it.
 */
import type { ProjectConfig } from '../config/index.js';
import { editorMediaPath } from '../shots/index.js';
import { ExternalReference, ImageSequenceReference, RationalTime } from '../timeline/index.js';
import type { MediaReference, Timeline } from '../timeline/index.js';
import { timelineRate } from './render/timeline-rate.js';

/** Options for {@link handBackPaths}. */
export interface HandBackPathsOptions {
  /** The conformed timeline: changed in place and returned. */
  readonly timeline: Timeline;
  readonly config: ProjectConfig;
}

function isLiberos(reference: MediaReference): boolean {
  const libero = reference.metadata['libero'];
  return libero !== null && typeof libero === 'object' && !Array.isArray(libero);
}

/** Maps libero's media to the editor's paths and sets the start timecode. */
export function handBackPaths(options: HandBackPathsOptions): Timeline {
  const { timeline, config } = options;
  const map = config.paths.map;
  for (const clip of timeline.findClips()) {
    for (const reference of Object.values(clip.mediaReferences)) {
      if (!isLiberos(reference)) continue;
      if (reference instanceof ExternalReference)
        reference.targetUrl = editorMediaPath({ path: reference.targetUrl, map });
      else if (reference instanceof ImageSequenceReference)
        reference.targetUrlBase = editorMediaPath({ path: reference.targetUrlBase, map });
    }
  }
  const timecode = config.conform.startTimecode;
  if (timecode !== null) {
    const rate = timelineRate(timeline);
    timeline.globalStartTime = RationalTime.fromTimecode(timecode, rate.num / rate.den);
  }
  return timeline;
}
