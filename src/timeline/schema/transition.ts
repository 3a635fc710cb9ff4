/** Transition.1 (the reference's `transition.cpp`): overlaps the items around it. */
import { RationalTime } from '../time/rational-time.js';
import type { TimeRange } from '../time/time-range.js';
import { cannotCompute } from './cannot-compute.js';
import { Composable } from './composable.js';
import type { NamedOptions } from './serializable-object-with-metadata.js';

/** The transition types the reference names. */
export const TransitionTypes = {
  SMPTE_Dissolve: 'SMPTE_Dissolve',
  Custom: 'Custom_Transition',
} as const;

/** Options of {@link Transition}. */
export interface TransitionOptions extends NamedOptions {
  transitionType?: string;
  inOffset?: RationalTime;
  outOffset?: RationalTime;
  enabled?: boolean;
}

/**
 * A transition between its neighbours. `inOffset` reaches back into the previous item,
 * `outOffset` forward into the next one; it takes no time of its own in the track.
 * ```
 *   [ clip A      ][ clip B     ]
 *          |<-in->|<-out->|       the transition's range in the track
 * ```
 */
export class Transition extends Composable {
  readonly schemaName = 'Transition';
  readonly schemaVersion = 1;
  transitionType: string;
  inOffset: RationalTime;
  outOffset: RationalTime;
  enabled: boolean;

  constructor(options: TransitionOptions = {}) {
    super(options);
    this.transitionType = options.transitionType ?? '';
    this.inOffset = options.inOffset ?? new RationalTime();
    this.outOffset = options.outOffset ?? new RationalTime();
    this.enabled = options.enabled ?? true;
  }

  override overlapping(): boolean {
    return true;
  }

  /** `inOffset + outOffset`. */
  override duration(): RationalTime {
    return this.inOffset.add(this.outOffset);
  }

  /** The range it covers in its track (starting `inOffset` before the cut). */
  rangeInParent(): TimeRange {
    if (this.parent === null)
      throw cannotCompute('NOT_A_CHILD', 'the transition has no parent', this);
    return this.parent.rangeOfChild(this);
  }

  /** The covered range clipped by the track's source range. */
  trimmedRangeInParent(): TimeRange | null {
    if (this.parent === null)
      throw cannotCompute('NOT_A_CHILD', 'the transition has no parent', this);
    return this.parent.trimmedRangeOfChild(this);
  }
}
