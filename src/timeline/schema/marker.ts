/** Marker.3 (the reference's `marker.h`): a named, coloured range on an item. */
import { TimeRange } from '../time/time-range.js';
import { Color } from './color.js';
import type { NamedOptions } from './serializable-object-with-metadata.js';
import { SerializableObjectWithMetadata } from './serializable-object-with-metadata.js';

/** Options of {@link Marker}. */
export interface MarkerOptions extends NamedOptions {
  markedRange?: TimeRange;
  /** Default Color.green, as in the reference; null writes `"color": null`. */
  color?: Color | null;
  comment?: string;
}

/** A marker; `markedRange` is in the owning item's trimmed (source) time. */
export class Marker extends SerializableObjectWithMetadata {
  readonly schemaName = 'Marker';
  readonly schemaVersion = 3;
  markedRange: TimeRange;
  color: Color | null;
  comment: string;

  constructor(options: MarkerOptions = {}) {
    super(options);
    this.markedRange = options.markedRange ?? new TimeRange();
    this.color = options.color === undefined ? Color.green : options.color;
    this.comment = options.comment ?? '';
  }
}
