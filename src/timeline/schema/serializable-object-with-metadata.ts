/** A schema object with `name` and `metadata` (the reference's `SerializableObjectWithMetadata`). */
import type { AnyDictionary } from './any-value.js';
import { SerializableObject } from './serializable-object.js';

/** Options shared by every named object. */
export interface NamedOptions {
  name?: string;
  metadata?: AnyDictionary;
}

/** Adds `name` and `metadata`. */
export abstract class SerializableObjectWithMetadata extends SerializableObject {
  name: string;
  metadata: AnyDictionary;

  constructor(options: NamedOptions = {}) {
    super();
    this.name = options.name ?? '';
    this.metadata = options.metadata ?? {};
  }
}
