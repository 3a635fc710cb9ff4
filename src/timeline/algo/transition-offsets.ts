/**
 * Each transition of a track with its cut point, its in/out offsets and the items it joins.
 * ```
 *   [ before         ][ after          ]
 *               |<-in->|<-out->|
 *               range  cut     end
 * ```
 * `range` is the transition's rangeInParent: it starts `inOffset` before the cut.
 */
import type { RationalTime } from '../time/rational-time.js';
import type { TimeRange } from '../time/time-range.js';
import type { Composable } from '../schema/composable.js';
import type { Track } from '../schema/track.js';
import { Transition } from '../schema/transition.js';
import { rangesOfTrackChildren } from './ranges-of-track-children.js';

/** One transition in its track. */
export interface TransitionInTrack {
  transition: Transition;
  index: number;
  /** The transition's range in the track (null where the reference raises). */
  range: TimeRange | null;
  /** Where the cut between the two neighbours is (range start + inOffset). */
  cut: RationalTime | null;
  inOffset: RationalTime;
  outOffset: RationalTime;
  /** The child before / after it (null at the track's ends). */
  before: Composable | null;
  after: Composable | null;
}

/** The transitions of `track`, in order. */
export function transitionOffsets(track: Track): TransitionInTrack[] {
  const ranges = rangesOfTrackChildren(track);
  const children = track.children;
  const out: TransitionInTrack[] = [];
  children.forEach((child, index) => {
    if (!(child instanceof Transition)) return;
    const range = ranges[index] ?? null;
    out.push({
      transition: child,
      index,
      range,
      cut: range === null ? null : range.startTime.add(child.inOffset),
      inOffset: child.inOffset,
      outOffset: child.outOffset,
      before: children[index - 1] ?? null,
      after: children[index + 1] ?? null,
    });
  });
  return out;
}
