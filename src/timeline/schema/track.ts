/**
 * Track.1 (read also from the legacy Sequence.1): children one after another in time
 * (the reference's `track.cpp`). Transitions overlap their neighbours and take no time.
 * ```
 *  children: [ A (10) ][ T in=2 out=3 ][ B (10) ]
 *  ranges:     A 0..10   T 8..13         B 10..20      available range 0..20
 * ```
 */
import { RationalTime } from '../time/rational-time.js';
import { TimeRange } from '../time/time-range.js';
import { cannotCompute } from './cannot-compute.js';
import type { Composable } from './composable.js';
import type { CompositionOptions } from './composition.js';
import { Composition } from './composition.js';
import { Item } from './item.js';
import { Transition } from './transition.js';

/** The kinds the reference names; any string is allowed in files. */
export const TrackKind = { Video: 'Video', Audio: 'Audio' } as const;

/** Options of {@link Track}. */
export interface TrackOptions extends CompositionOptions {
  /** Default "Video". */
  kind?: string;
}

/** A sequence of items and transitions. */
export class Track extends Composition {
  readonly schemaName = 'Track';
  readonly schemaVersion = 1;
  kind: string;

  constructor(options: TrackOptions = {}) {
    super(options);
    this.kind = options.kind ?? TrackKind.Video;
  }

  compositionKind(): string {
    return 'Track';
  }

  /**
   * The child's range: the sum of the durations before it (transitions skipped), moved back by
   * a transition's in offset; computed at the child's rate exactly as the reference does.
   */
  override rangeOfChildAtIndex(indexIn: number): TimeRange {
    const { child, index } = this.childAtIndex(indexIn);
    const children = this.children;
    const childDuration = child.duration();
    let startTime = new RationalTime(0, childDuration.rate);
    for (let i = 0; i < index; i++) {
      const child2 = children[i] as Composable;
      if (!child2.overlapping()) startTime = startTime.add(child2.duration());
    }
    if (child instanceof Transition) startTime = startTime.subtract(child.inOffset);
    return new TimeRange(startTime, childDuration);
  }

  /** {@link rangeOfChildAtIndex} clipped by this track's source range (raises when outside). */
  override trimmedRangeOfChildAtIndex(index: number): TimeRange {
    const trimmed = this.trimChildRange(this.rangeOfChildAtIndex(index));
    if (trimmed === null)
      throw cannotCompute(
        'INVALID_TIME_RANGE',
        `child ${index} is outside the track's source range`,
        this,
      );
    return trimmed;
  }

  /** The sum of the items' durations plus a leading in offset and a trailing out offset. */
  override availableRange(): TimeRange {
    let duration = new RationalTime();
    const children = this.children;
    for (const child of children)
      if (child instanceof Item) duration = duration.add(child.duration());
    const first = children[0];
    const last = children[children.length - 1];
    if (first instanceof Transition) duration = duration.add(first.inOffset);
    if (last instanceof Transition) duration = duration.add(last.outOffset);
    return new TimeRange(new RationalTime(0, duration.rate), duration);
  }

  /** The in offset of a transition before the child and the out offset of one after it. */
  override handlesOfChild(child: Composable): [RationalTime | null, RationalTime | null] {
    const [before, after] = this.neighborsOf(child);
    return [
      before instanceof Transition ? before.inOffset : null,
      after instanceof Transition ? after.outOffset : null,
    ];
  }

  /** The children before and after `item` (null at the ends). */
  neighborsOf(item: Composable): [Composable | null, Composable | null] {
    const index = this.indexOfChild(item);
    const children = this.children;
    return [index === 0 ? null : (children[index - 1] ?? null), children[index + 1] ?? null];
  }

  /** Every child's range, laid out from the first child's rate (the reference's fast path). */
  override rangeOfAllChildren(): Map<Composable, TimeRange> {
    const result = new Map<Composable, TimeRange>();
    const children = this.children;
    const first = children[0];
    if (first === undefined) return result;
    let rate = 1;
    if (first instanceof Transition) rate = first.inOffset.rate;
    else if (first instanceof Item) rate = first.trimmedRange().duration.rate;
    let lastEndTime = new RationalTime(0, rate);
    for (const child of children) {
      if (child instanceof Transition) {
        result.set(
          child,
          new TimeRange(lastEndTime.subtract(child.inOffset), child.outOffset.add(child.inOffset)),
        );
      } else if (child instanceof Item) {
        const lastRange = new TimeRange(lastEndTime, child.trimmedRange().duration);
        result.set(child, lastRange);
        lastEndTime = lastRange.endTimeExclusive();
      }
    }
    return result;
  }
}
