/** Gap.1 (read also from the legacy Filler.1): empty time in a track. */
import { RationalTime } from '../time/rational-time.js';
import { TimeRange } from '../time/time-range.js';
import type { ItemOptions } from './item.js';
import { Item } from './item.js';

/** Empty time; `new Gap({duration})` is a shortcut for a source range starting at 0. */
export class Gap extends Item {
  readonly schemaName = 'Gap';
  readonly schemaVersion = 1;

  constructor(options: ItemOptions & { duration?: RationalTime } = {}) {
    const { duration, ...rest } = options;
    super({
      ...rest,
      sourceRange:
        options.sourceRange ??
        (duration === undefined
          ? new TimeRange()
          : new TimeRange(new RationalTime(0, duration.rate), duration)),
    });
  }

  /** Gaps are never visible (flattenStack looks through them). */
  override visible(): boolean {
    return false;
  }
}
