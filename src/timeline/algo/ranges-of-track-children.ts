/**
 * Every child's `rangeInParent` in a track in one pass. `Track.rangeOfChildAtIndex` sums the
 * durations before the child each time (O(n) per child, O(n^2) per track); this gives exactly
 * the same values (the same additions in the same order, started from each child's own rate)
 * in O(n) per distinct rate.
 */
import { RationalTime } from '../time/rational-time.js';
import { TimeRange } from '../time/time-range.js';
import type { Track } from '../schema/track.js';
import { Transition } from '../schema/transition.js';

/** `track.rangeOfChildAtIndex(i)` for every i; null where the reference raises (no duration). */
export function rangesOfTrackChildren(track: Track): (TimeRange | null)[] {
  const children = track.children;
  const durations: (RationalTime | null)[] = children.map((c) => {
    try {
      return c.duration();
    } catch {
      return null;
    }
  });
  const prefixes = new Map<number, (RationalTime | null)[]>();
  const prefixFor = (rate: number): (RationalTime | null)[] => {
    let prefix = prefixes.get(rate);
    if (prefix !== undefined) return prefix;
    prefix = [];
    let acc: RationalTime | null = new RationalTime(0, rate);
    for (let i = 0; i < children.length; i++) {
      prefix.push(acc);
      if (acc !== null && !(children[i] as Transition).overlapping()) {
        const d = durations[i] ?? null;
        acc = d === null ? null : acc.add(d);
      }
    }
    prefixes.set(rate, prefix);
    return prefix;
  };
  return children.map((child, i) => {
    const duration = durations[i] ?? null;
    if (duration === null) return null;
    let start = prefixFor(duration.rate)[i] ?? null;
    if (start === null) return null;
    if (child instanceof Transition) start = start.subtract(child.inOffset);
    return new TimeRange(start, duration);
  });
}
