/** SerializableCollection.1 (read also from the misspelled SerializeableCollection.1). */
import type { NamedOptions } from './serializable-object-with-metadata.js';
import { SerializableObjectWithMetadata } from './serializable-object-with-metadata.js';
import type { SerializableObject } from './serializable-object.js';

/** A list of any schema objects (often several timelines); null children are kept. */
export class SerializableCollection extends SerializableObjectWithMetadata {
  readonly schemaName = 'SerializableCollection';
  readonly schemaVersion = 1;
  children: (SerializableObject | null)[];

  constructor(options: NamedOptions & { children?: (SerializableObject | null)[] } = {}) {
    super(options);
    this.children = options.children ?? [];
  }
}
