/** Something that can sit in a Composition (the reference's `composable.h`). */
import type { RationalTime } from '../time/rational-time.js';
import { cannotCompute } from './cannot-compute.js';
import type { Composition } from './composition.js';
import { SerializableObjectWithMetadata } from './serializable-object-with-metadata.js';

/** Items and transitions: they have a parent and (mostly) a duration. */
export abstract class Composable extends SerializableObjectWithMetadata {
  /** The composition holding this, or null. Set by `Composition`; do not assign directly. */
  parent: Composition | null = null;

  /** True for items that are enabled; transitions are always visible. */
  visible(): boolean {
    return true;
  }

  /** True when this overlaps its neighbours instead of taking time (transitions). */
  overlapping(): boolean {
    return false;
  }

  /** The reference raises OBJECT_WITHOUT_DURATION for plain composables. */
  duration(): RationalTime {
    throw cannotCompute(
      'OBJECT_WITHOUT_DURATION',
      'cannot determine duration from this kind of object',
      this,
    );
  }

  /** The top of the parent chain (this when there is no parent). */
  highestAncestor(): Composable {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    let c: Composable = this;
    while (c.parent !== null) c = c.parent;
    return c;
  }
}
