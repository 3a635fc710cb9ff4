/** Item.1: a composable with a source range, effects and markers (the reference's `item.cpp`). */
import type { RationalTime } from '../time/rational-time.js';
import { TimeRange } from '../time/time-range.js';
import { cannotCompute } from './cannot-compute.js';
import type { Color } from './color.js';
import { Composable } from './composable.js';
import type { Effect } from './effect.js';
import type { Marker } from './marker.js';
import type { NamedOptions } from './serializable-object-with-metadata.js';

/** Options of every item. */
export interface ItemOptions extends NamedOptions {
  sourceRange?: TimeRange | null;
  effects?: Effect[];
  markers?: Marker[];
  enabled?: boolean;
  color?: Color | null;
}

/** Clips, gaps, tracks and stacks. */
export abstract class Item extends Composable {
  /** The trim of this item in its own (source) time; null means "all of the available range". */
  sourceRange: TimeRange | null;
  effects: Effect[];
  markers: Marker[];
  /** A disabled item is skipped by flattenStack and players. */
  enabled: boolean;
  color: Color | null;

  constructor(options: ItemOptions = {}) {
    super(options);
    this.sourceRange = options.sourceRange ?? null;
    this.effects = options.effects ?? [];
    this.markers = options.markers ?? [];
    this.enabled = options.enabled ?? true;
    this.color = options.color ?? null;
  }

  override visible(): boolean {
    return this.enabled;
  }

  /** The trimmed range's duration. */
  override duration(): RationalTime {
    return this.trimmedRange().duration;
  }

  /** The range the media or children offer; the reference raises NOT_IMPLEMENTED here. */
  availableRange(): TimeRange {
    throw cannotCompute('NOT_IMPLEMENTED', 'this kind of item has no available range', this);
  }

  /** `sourceRange` when set, else the available range. */
  trimmedRange(): TimeRange {
    return this.sourceRange ?? this.availableRange();
  }

  /** The trimmed range widened by the in/out offsets of neighbouring transitions (handles). */
  visibleRange(): TimeRange {
    let result = this.trimmedRange();
    if (this.parent !== null) {
      const [head, tail] = this.parent.handlesOfChild(this);
      if (head !== null)
        result = new TimeRange(result.startTime.subtract(head), result.duration.add(head));
      if (tail !== null) result = new TimeRange(result.startTime, result.duration.add(tail));
    }
    return result;
  }

  /** Where this sits in its parent's time; raises NOT_A_CHILD without a parent. */
  rangeInParent(): TimeRange {
    if (this.parent === null) throw notAChild(this);
    return this.parent.rangeOfChild(this);
  }

  /** {@link rangeInParent} clipped by the parent's source range; null when trimmed away. */
  trimmedRangeInParent(): TimeRange | null {
    if (this.parent === null) throw notAChild(this);
    return this.parent.trimmedRangeOfChild(this);
  }

  /** `time` in this item's space converted into `toItem`'s space (via their common ancestor). */
  transformedTime(time: RationalTime, toItem: Item | null): RationalTime {
    if (toItem === null) return time;
    const root = this.highestAncestor();
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    let item: Item = this;
    let result = time;
    while (item !== root && item !== toItem) {
      const parent = item.parent;
      if (parent === null) break;
      result = result.subtract(item.trimmedRange().startTime);
      result = result.add(parent.rangeOfChild(item).startTime);
      item = parent;
    }
    const ancestor = item;
    item = toItem;
    while (item !== root && item !== ancestor) {
      const parent = item.parent;
      if (parent === null) break;
      result = result.add(item.trimmedRange().startTime);
      result = result.subtract(parent.rangeOfChild(item).startTime);
      item = parent;
    }
    return result;
  }

  /** A range's start transformed like {@link transformedTime}; the duration is kept. */
  transformedTimeRange(timeRange: TimeRange, toItem: Item | null): TimeRange {
    return new TimeRange(this.transformedTime(timeRange.startTime, toItem), timeRange.duration);
  }
}

function notAChild(object: Composable): Error {
  return cannotCompute('NOT_A_CHILD', 'the item has no parent', object);
}
