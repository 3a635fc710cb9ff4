/**
 * The image files a clip on an ImageSequenceReference uses (pure), as the reference computes
 * them (`imageSequenceReference.cpp`: `frame_for_time`, `target_url_for_image_number`): image
 * `i` of the available range is frame `start_frame + i * frame_step`, its name
 * `target_url_base` + `/` (when the base lacks one) + `name_prefix` + the frame number padded
 * to `frame_zero_padding` digits + `name_suffix`.
 *
 * ```
 * available  |1001 1002 1003 1004 1005 1006|   start_frame 1001, rate 24
 * clip uses        |1003 1004 1005|            source_range 2+3 frames into it
 * ```
 */
import type { Clip, ImageSequenceReference } from '../timeline/index.js';

/** One image of a sequence. */
export interface SequenceFrame {
  readonly frame: number;
  readonly path: string;
}

/** What {@link sequenceFramesOf} found. */
export interface SequenceFrames {
  /** The images the clip uses, in order. */
  readonly files: readonly SequenceFrame[];
  /** ffmpeg image2 pattern of the sequence (`/plates/sh010.%04d.exr`, `%` doubled). */
  readonly pattern: string;
  /** The frame number of the first image the clip uses. */
  readonly firstFrame: number;
}

/** `base` + separator: the reference puts a `/` between base and name when the base lacks one. */
function withSeparator(base: string): string {
  return base === '' || /[\\/]$/.test(base) ? base : `${base}/`;
}

/** The file name of a frame. */
export function sequenceFramePath(options: {
  readonly reference: ImageSequenceReference;
  readonly localBase: string;
  readonly frame: number;
}): string {
  const { reference, frame } = options;
  const digits = String(Math.abs(frame)).padStart(reference.frameZeroPadding, '0');
  return `${withSeparator(options.localBase)}${reference.namePrefix}${frame < 0 ? '-' : ''}${digits}${reference.nameSuffix}`;
}

/** Options for {@link sequenceFramesOf}. */
export interface SequenceFramesOptions {
  readonly reference: ImageSequenceReference;
  /** `target_url_base` on this machine (after path mapping). */
  readonly localBase: string;
  /** The clip: its trimmed range picks the images; null for the whole available range. */
  readonly clip: Clip | null;
}

/** The images a clip uses (the whole sequence when it has no range to go by). */
export function sequenceFramesOf(options: SequenceFramesOptions): SequenceFrames {
  const { reference } = options;
  const rate = reference.rate > 0 ? reference.rate : 24;
  const available = reference.availableRange;
  let range = null;
  if (options.clip !== null) {
    try {
      range = options.clip.trimmedRange();
    } catch {
      range = null;
    }
  }
  range ??= available;
  const availableStart = available === null ? 0 : available.startTime.valueRescaledTo(rate);
  const first =
    range === null
      ? 0
      : Math.max(0, Math.floor(range.startTime.valueRescaledTo(rate) - availableStart + 1e-9));
  const count =
    range === null ? 1 : Math.max(1, Math.ceil(range.duration.valueRescaledTo(rate) - 1e-9));
  const step = reference.frameStep === 0 ? 1 : reference.frameStep;
  const files: SequenceFrame[] = [];
  for (let i = first; i < first + count; i += 1) {
    const frame = reference.startFrame + i * step;
    files.push({
      frame,
      path: sequenceFramePath({ reference, localBase: options.localBase, frame }),
    });
  }
  const escape = (s: string): string => s.replace(/%/g, '%%');
  const width = reference.frameZeroPadding > 0 ? `%0${reference.frameZeroPadding}d` : '%d';
  return {
    files,
    pattern: `${escape(withSeparator(options.localBase))}${escape(reference.namePrefix)}${width}${escape(reference.nameSuffix)}`,
    firstFrame: reference.startFrame + first * step,
  };
}
