/**
 * `trackTrimmedToRange` from the reference's `trackAlgorithm.cpp`: a copy of a track holding
 * only what lies inside `trimRange` (track time), the items at either edge trimmed.
 * ```
 *  track:      [ A 0..10 ][ B 10..20 ][ C 20..30 ]
 *  trimRange:        [5 ............ 25)
 *  result:           [A' 5..10][ B  ][C' 20..25]   A' source start +5, C' duration -5
 * ```
 * Edge cases (as the reference): children that merely touch the range are dropped
 * (`intersects` uses an epsilon); a transition cut by the range edge raises
 * TIMELINE_CANNOT_COMPUTE ("Cannot trim in the middle of a transition"); an item exactly at
 * the range start goes through the trim path with a zero trim.
 */
import type { TimeRange } from '../time/time-range.js';
import { TimeRange as TR } from '../time/time-range.js';
import { cannotCompute } from '../schema/cannot-compute.js';
import type { Composable } from '../schema/composable.js';
import { Item } from '../schema/item.js';
import type { Track } from '../schema/track.js';
import { Transition } from '../schema/transition.js';
import { deepCopy } from '../serialize/deep-copy.js';
import { copyTrackShell } from './copy-track-shell.js';

/** A trimmed copy of `track`; the original is untouched. */
export function trackTrimmedToRange(track: Track, trimRange: TimeRange): Track {
  return trimTrackWithRanges({ track, ranges: childRangesOf(track), trimRange });
}

/** The children's ranges (Track.rangeOfAllChildren) with their bounds in seconds, by index. */
export interface ChildRanges {
  ranges: Map<Composable, TimeRange>;
  /** [start, end) of child i in seconds at 2i, 2i+1 (NaN where a range is missing). */
  seconds: Float64Array;
}

/** Computes {@link ChildRanges} once per track (flattenStack reuses it for every trim). */
export function childRangesOf(track: Track): ChildRanges {
  const ranges = track.rangeOfAllChildren();
  const seconds = new Float64Array(track.children.length * 2);
  track.children.forEach((child, i) => {
    const r = ranges.get(child);
    seconds[2 * i] = r === undefined ? NaN : r.startTime.toSeconds();
    seconds[2 * i + 1] = r === undefined ? NaN : r.endTimeExclusive().toSeconds();
  });
  return { ranges, seconds };
}

/** {@link trackTrimmedToRange} with the children's ranges already computed. */
export function trimTrackWithRanges(options: {
  track: Track;
  ranges: ChildRanges;
  trimRange: TimeRange;
}): Track {
  const { track, trimRange } = options;
  const { ranges, seconds } = options.ranges;
  // A cheap test in seconds skips children far from the range (one second of slack keeps the
  // exact, epsilon-based test below the only judge for anything close).
  const trimStart = trimRange.startTime.toSeconds() - 1;
  const trimEnd = trimRange.endTimeExclusive().toSeconds() + 1;
  const out = copyTrackShell(track);
  const kept: Composable[] = [];
  const children = track.children;
  for (let i = 0; i < children.length; i++) {
    const child = children[i] as Composable;
    if ((seconds[2 * i + 1] as number) < trimStart || (seconds[2 * i] as number) > trimEnd)
      continue;
    const childRange = ranges.get(child);
    if (childRange === undefined)
      throw cannotCompute(
        'CANNOT_COMPUTE_AVAILABLE_RANGE',
        'failed to find child in track_map map',
        child,
      );
    if (!trimRange.intersects(childRange)) continue;
    const copy = deepCopy(child);
    if (!trimRange.contains(childRange)) {
      if (child instanceof Transition)
        throw cannotCompute(
          'CANNOT_TRIM_TRANSITION',
          'cannot trim in the middle of a transition',
          child,
        );
      if (!(copy instanceof Item))
        throw cannotCompute('TYPE_MISMATCH', 'expected child of type Item', child);
      let source = copy.trimmedRange();
      if (trimRange.startTime.gt(childRange.startTime)) {
        const amount = trimRange.startTime.subtract(childRange.startTime);
        source = new TR(source.startTime.add(amount), source.duration.subtract(amount));
      }
      const trimEnd = trimRange.endTimeExclusive();
      const childEnd = childRange.endTimeExclusive();
      if (trimEnd.lt(childEnd)) {
        const amount = childEnd.subtract(trimEnd);
        source = new TR(source.startTime, source.duration.subtract(amount));
      }
      copy.sourceRange = source;
    }
    kept.push(copy);
  }
  out.setChildren(kept);
  return out;
}
