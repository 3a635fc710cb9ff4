/**
 * Composition.1: an item with ordered children (the reference's `composition.cpp`). Track and
 * Stack decide how children are laid out in time (`rangeOfChildAtIndex`).
 */
import type { RationalTime } from '../time/rational-time.js';
import { TimeRange } from '../time/time-range.js';
import { cannotCompute } from './cannot-compute.js';
import type { Composable } from './composable.js';
import type { ItemOptions } from './item.js';
import { Item } from './item.js';

/** Options of every composition. */
export interface CompositionOptions extends ItemOptions {
  children?: Composable[];
}

/** An item made of children. The children array is owned: change it through the methods. */
export abstract class Composition extends Item {
  private _children: Composable[] = [];

  constructor(options: CompositionOptions = {}) {
    super(options);
    if (options.children !== undefined) this.setChildren(options.children);
  }

  /** "Track", "Stack" or "Composition". */
  abstract compositionKind(): string;

  /** The children, in order (do not mutate the array; use the methods). */
  get children(): readonly Composable[] {
    return this._children;
  }

  /** Replaces all children; each must not have another parent. */
  setChildren(children: readonly Composable[]): void {
    for (const child of children)
      if (child.parent !== null && child.parent !== this) throw alreadyParented(child);
    for (const child of this._children) child.parent = null;
    for (const child of children) child.parent = this;
    this._children = [...children];
  }

  /** Appends a child (it must not have a parent). */
  appendChild(child: Composable): void {
    this.insertChild(this._children.length, child);
  }

  /** Inserts a child before `index` (negative counts from the end, as in Python). */
  insertChild(index: number, child: Composable): void {
    if (child.parent !== null) throw alreadyParented(child);
    child.parent = this;
    const i = index < 0 ? index + this._children.length : index;
    this._children.splice(Math.max(0, Math.min(i, this._children.length)), 0, child);
  }

  /**
   * The child at `index` (negative counts from the end) and its index from the start;
   * ILLEGAL_INDEX when there is none.
   */
  protected childAtIndex(index: number): { child: Composable; index: number } {
    const i = index < 0 ? index + this._children.length : index;
    const child = this._children[i];
    if (child === undefined) throw illegalIndex(this, index);
    return { child, index: i };
  }

  /** Removes the child at `index` (negative counts from the end). */
  removeChild(index: number): Composable {
    const { child, index: i } = this.childAtIndex(index);
    this._children.splice(i, 1);
    child.parent = null;
    return child;
  }

  /** Removes every child. */
  clearChildren(): void {
    this.setChildren([]);
  }

  /** The index of a direct child; raises NOT_A_CHILD_OF when it is not one. */
  indexOfChild(child: Composable): number {
    const i = this._children.indexOf(child);
    if (i < 0)
      throw cannotCompute('NOT_A_CHILD_OF', 'the object is not a child of this composition', child);
    return i;
  }

  /** True when `other` is below this composition. */
  isParentOf(other: Composable): boolean {
    let p = other.parent;
    while (p !== null) {
      if (p === this) return true;
      p = p.parent;
    }
    return false;
  }

  /** How far neighbouring transitions reach into a child: [head, tail], null when none. */
  handlesOfChild(_child: Composable): [RationalTime | null, RationalTime | null] {
    return [null, null];
  }

  /** The untrimmed range of the child at `index` in this composition's time. */
  rangeOfChildAtIndex(_index: number): TimeRange {
    throw cannotCompute('NOT_IMPLEMENTED', 'range_of_child_at_index', this);
  }

  /** The range of the child at `index` clipped by this composition's source range. */
  trimmedRangeOfChildAtIndex(_index: number): TimeRange {
    throw cannotCompute('NOT_IMPLEMENTED', 'trimmed_range_of_child_at_index', this);
  }

  /** Every child's range (the reference's `range_of_all_children`). */
  rangeOfAllChildren(): Map<Composable, TimeRange> {
    throw cannotCompute('NOT_IMPLEMENTED', 'range_of_all_children', this);
  }

  /** The range of a (possibly nested) descendant in this composition's time. */
  rangeOfChild(child: Composable): TimeRange {
    const parents = this.pathFromChild(child);
    let result: TimeRange | null = null;
    let current: Composable = child;
    for (const parent of parents) {
      const parentRange = parent.rangeOfChildAtIndex(parent.indexOfChild(current));
      result =
        result === null
          ? parentRange
          : new TimeRange(result.startTime.add(parentRange.startTime), result.duration);
      current = parent;
    }
    return result ?? new TimeRange();
  }

  /**
   * Like {@link rangeOfChild} but each level clipped by its source range, then clipped by this
   * composition's source range; null when the child is trimmed away entirely.
   */
  trimmedRangeOfChild(child: Composable): TimeRange | null {
    const parents = this.pathFromChild(child);
    let result: TimeRange | null = null;
    let current: Composable = child;
    for (const parent of parents) {
      const parentRange = parent.trimmedRangeOfChildAtIndex(parent.indexOfChild(current));
      if (result === null) {
        result = parentRange;
        current = parent;
        continue;
      }
      // The reference does not advance `current` here (composition.cpp); kept for fidelity.
      result = new TimeRange(result.startTime.add(parentRange.startTime), result.duration);
    }
    if (result === null) return null;
    const sr = this.sourceRange;
    if (sr === null) return result;
    const newStart = sr.startTime.lt(result.startTime) ? result.startTime : sr.startTime;
    if (newStart.gt(result.endTimeExclusive())) return null;
    const resultEnd = result.endTimeExclusive();
    const srEnd = sr.endTimeExclusive();
    const newDuration = (srEnd.lt(resultEnd) ? srEnd : resultEnd).subtract(newStart);
    if (newDuration.value < 0) return null;
    return new TimeRange(newStart, newDuration);
  }

  /** A child's range clipped by this composition's source range; null when outside it. */
  trimChildRange(childRangeIn: TimeRange): TimeRange | null {
    const sr = this.sourceRange;
    if (sr === null) return childRangeIn;
    let childRange = childRangeIn;
    const pastEndTime = sr.startTime.ge(childRange.endTimeExclusive());
    const beforeStartTime = sr.endTimeExclusive().le(childRange.startTime);
    if (pastEndTime || beforeStartTime) return null;
    if (childRange.startTime.lt(sr.startTime))
      childRange = TimeRange.rangeFromStartEndTime(sr.startTime, childRange.endTimeExclusive());
    if (childRange.endTimeExclusive().gt(sr.endTimeExclusive()))
      childRange = TimeRange.rangeFromStartEndTime(childRange.startTime, sr.endTimeExclusive());
    return childRange;
  }

  /** The compositions from `child`'s parent up to this one. */
  private pathFromChild(child: Composable): Composition[] {
    let current = child.parent;
    if (current === null) throw notDescended(child);
    const parents: Composition[] = [current];
    while (current !== this) {
      current = current.parent;
      if (current === null) throw notDescended(child);
      parents.push(current);
    }
    return parents;
  }

  /**
   * The child at `searchTime` (this composition's time); descends into nested compositions
   * unless `shallowSearch`. Null when nothing is there.
   */
  childAtTime(searchTime: RationalTime, shallowSearch = false): Composable | null {
    const rangeMap = this.rangeOfAllChildren();
    const children = this._children;
    const rangeOf = (c: Composable): TimeRange => rangeMap.get(c) ?? new TimeRange();
    const first = bisectLeft(children, searchTime, (c) => rangeOf(c).endTimeExclusive(), 0);
    const last = bisectRight(children, searchTime, (c) => rangeOf(c).startTime, first);
    let result: Composable | null = null;
    for (let i = first; i < last; i++) {
      const child = children[i];
      if (child !== undefined && rangeOf(child).overlaps(searchTime)) {
        result = child;
        break;
      }
    }
    if (result === null || shallowSearch || !(result instanceof Composition)) return result;
    const childSearchTime = this.transformedTime(searchTime, result);
    return result.childAtTime(childSearchTime, shallowSearch);
  }

  /** The direct children whose ranges meet `searchRange` (this composition's time). */
  childrenInRange(searchRange: TimeRange): Composable[] {
    const rangeMap = this.rangeOfAllChildren();
    const children = this._children;
    const rangeOf = (c: Composable): TimeRange => rangeMap.get(c) ?? new TimeRange();
    const first = bisectLeft(
      children,
      searchRange.startTime,
      (c) => rangeOf(c).endTimeInclusive(),
      0,
    );
    const last = bisectRight(
      children,
      searchRange.endTimeInclusive(),
      (c) => rangeOf(c).startTime,
      first,
    );
    return children.slice(first, last);
  }

  /**
   * Descendants that pass `accept` (e.g. `(c) => c instanceof Clip`), depth first in order,
   * limited to `searchRange` when given (not into nested compositions when `shallowSearch`).
   */
  findChildren<T extends Composable>(
    accept: (c: Composable) => c is T,
    options: { searchRange?: TimeRange | null; shallowSearch?: boolean } = {},
  ): T[] {
    let searchRange = options.searchRange ?? null;
    const shallow = options.shallowSearch ?? false;
    const out: T[] = [];
    const children = searchRange === null ? this._children : this.childrenInRange(searchRange);
    for (const child of children) {
      if (accept(child)) out.push(child);
      if (!shallow && child instanceof Composition) {
        // The reference re-assigns search_range here, so later siblings see it transformed
        // again (composition.h find_children); kept for fidelity.
        if (searchRange !== null) searchRange = this.transformedTimeRange(searchRange, child);
        out.push(...child.findChildren(accept, { searchRange, shallowSearch: shallow }));
      }
    }
    return out;
  }
}

function bisectLeft(
  children: readonly Composable[],
  target: RationalTime,
  key: (c: Composable) => RationalTime,
  lowerIn: number,
): number {
  let lower = lowerIn;
  let upper = children.length;
  while (lower < upper) {
    const mid = Math.floor((lower + upper) / 2);
    if (key(children[mid] as Composable).lt(target)) lower = mid + 1;
    else upper = mid;
  }
  return lower;
}

function bisectRight(
  children: readonly Composable[],
  target: RationalTime,
  key: (c: Composable) => RationalTime,
  lowerIn: number,
): number {
  let lower = lowerIn;
  let upper = children.length;
  while (lower < upper) {
    const mid = Math.floor((lower + upper) / 2);
    if (target.lt(key(children[mid] as Composable))) upper = mid;
    else lower = mid + 1;
  }
  return lower;
}

function alreadyParented(child: Composable): Error {
  return cannotCompute('CHILD_ALREADY_PARENTED', 'the child already has a parent', child);
}

function illegalIndex(composition: Composition, index: number): Error {
  return cannotCompute('ILLEGAL_INDEX', `no child at index ${index}`, composition);
}

function notDescended(child: Composable): Error {
  return cannotCompute(
    'NOT_DESCENDED_FROM',
    'the object is not descended from this composition',
    child,
  );
}
