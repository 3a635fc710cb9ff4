/**
 * The image sequences a timeline shows (pure): per clip on an ImageSequenceReference, the
 * ffmpeg image2 pattern of its sequence on this machine and the frames the clip uses. The I/O
 * side (`gatherSequenceFacts`) checks those frames exist and probes the first.
 */
import { sequenceFramesOf } from '../../shots/index.js';
import type { PathMapping, SequenceFrame } from '../../shots/index.js';
import { ImageSequenceReference } from '../../timeline/index.js';
import type { Timeline } from '../../timeline/index.js';
import { mediaPath } from './media-path.js';

/** One clip's use of an image sequence. */
export interface SequenceUse {
  readonly clipName: string;
  /** The image2 pattern: the key of the sequence's facts. */
  readonly pattern: string;
  /** Frames per second of the sequence (`ImageSequenceReference.rate`). */
  readonly rate: number;
  /**
   * Images in the sequence (image 0 is `start_frame`): its available range, else up to the last
   * one the clip uses.
   */
  readonly imageCount: number;
  /** The images the clip shows. */
  readonly frames: readonly SequenceFrame[];
}

/** The local image2 pattern of a sequence, or null when its base is not a file URL. */
export function sequencePattern(options: {
  readonly reference: ImageSequenceReference;
  readonly timelineDir: string;
  readonly pathMap: readonly PathMapping[];
}): string | null {
  const base = mediaPath(options.reference.targetUrlBase, options.timelineDir, options.pathMap);
  if (base === null) return null;
  return sequenceFramesOf({ reference: options.reference, localBase: base, clip: null }).pattern;
}

/** Every clip's use of an image sequence, in timeline order. */
export function referencedSequences(options: {
  readonly timeline: Timeline;
  readonly timelineDir: string;
  readonly pathMap: readonly PathMapping[];
}): SequenceUse[] {
  const uses: SequenceUse[] = [];
  for (const clip of options.timeline.findClips()) {
    const reference = clip.mediaReference;
    if (!(reference instanceof ImageSequenceReference) || !clip.enabled) continue;
    const base = mediaPath(reference.targetUrlBase, options.timelineDir, options.pathMap);
    if (base === null) continue;
    const frames = sequenceFramesOf({ reference, localBase: base, clip });
    const rate = reference.rate > 0 ? reference.rate : 24;
    const available = reference.availableRange;
    uses.push({
      clipName: clip.name,
      pattern: frames.pattern,
      rate,
      imageCount:
        available === null
          ? (frames.firstFrame - reference.startFrame) / (reference.frameStep || 1) +
            frames.files.length
          : Math.floor(available.duration.valueRescaledTo(rate) + 1e-9),
      frames: frames.files,
    });
  }
  return uses;
}
