/** `--range TC-TC` as frames of the timeline (pure). */
import { RationalTime } from '../../timeline/index.js';
import { LiberoError } from '../../shared/index.js';
import type { FrameRate } from './render-plan.js';

/**
 * Parses `HH:MM:SS:FF-HH:MM:SS:FF` (record timecodes, as the editor sees them, so including
 * the timeline's `global_start_time`) into `[startFrame, startFrame + frameCount)` counted from
 * the timeline's first frame; the out point is exclusive. Clamped to the timeline.
 */
export function parseRenderRange(options: {
  text: string;
  rate: FrameRate;
  globalStartFrame: number;
  timelineFrames: number;
}): { startFrame: number; frameCount: number } {
  const { text, rate, globalStartFrame, timelineFrames } = options;
  const match = /^\s*(\S+?)\s*-\s*(\S+)\s*$/.exec(text);
  const fail = (why: string): never => {
    throw new LiberoError(
      'USAGE',
      `--range "${text}": ${why} (expected HH:MM:SS:FF-HH:MM:SS:FF).`,
      {
        details: { range: text },
      },
    );
  };
  if (match === null) return fail('not two timecodes');
  const frameOf = (tc: string): number => {
    try {
      return (
        Math.round(RationalTime.fromTimecode(tc, rate.num / rate.den).value) - globalStartFrame
      );
    } catch {
      return fail(`"${tc}" is not a timecode at ${rate.num}/${rate.den} fps`);
    }
  };
  const start = Math.max(0, frameOf(match[1] ?? ''));
  const end = Math.min(timelineFrames, frameOf(match[2] ?? ''));
  if (end <= start) return fail('the range is empty or outside the timeline');
  return { startFrame: start, frameCount: end - start };
}
