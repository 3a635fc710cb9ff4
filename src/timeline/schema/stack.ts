/**
 * Stack.1: children layered at the same time, later children on top (the reference's
 * `stack.cpp`). A timeline's `tracks` is a Stack.
 */
import { RationalTime } from '../time/rational-time.js';
import { TimeRange } from '../time/time-range.js';
import type { Composable } from './composable.js';
import type { CompositionOptions } from './composition.js';
import { Composition } from './composition.js';
import { Item } from './item.js';

/** Layers; each child starts at 0. */
export class Stack extends Composition {
  readonly schemaName = 'Stack';
  readonly schemaVersion = 1;

  constructor(options: CompositionOptions = {}) {
    super(options);
  }

  compositionKind(): string {
    return 'Stack';
  }

  /** `[0, child duration)` at the child's rate. */
  override rangeOfChildAtIndex(indexIn: number): TimeRange {
    const { child } = this.childAtIndex(indexIn);
    const duration = child.duration();
    return new TimeRange(new RationalTime(0, duration.rate), duration);
  }

  override rangeOfAllChildren(): Map<Composable, TimeRange> {
    const result = new Map<Composable, TimeRange>();
    this.children.forEach((child, i) => result.set(child, this.rangeOfChildAtIndex(i)));
    return result;
  }

  /** Items whose trimmed range in this stack intersects `searchRange`. */
  override childrenInRange(searchRange: TimeRange): Composable[] {
    return this.children.filter((child) => {
      if (!(child instanceof Item)) return false;
      const range = child.trimmedRangeInParent();
      return range !== null && range.intersects(searchRange);
    });
  }

  /** With a source range: its start and the shorter of the two durations. */
  override trimmedRangeOfChildAtIndex(index: number): TimeRange {
    const range = this.rangeOfChildAtIndex(index);
    const sr = this.sourceRange;
    if (sr === null) return range;
    return new TimeRange(
      sr.startTime,
      sr.duration.lt(range.duration) ? sr.duration : range.duration,
    );
  }

  /** `[0, longest child duration)`; an empty stack has 0@1 + 0@1. */
  override availableRange(): TimeRange {
    const children = this.children;
    const first = children[0];
    if (first === undefined) return new TimeRange();
    let duration = first.duration();
    for (let i = 1; i < children.length; i++) {
      const d = (children[i] as Composable).duration();
      if (duration.lt(d)) duration = d;
    }
    return new TimeRange(new RationalTime(0, duration.rate), duration);
  }
}
