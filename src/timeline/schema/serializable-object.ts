/** The root of every schema object, from the reference's `serializableObject.h`. */
import type { AnyDictionary } from './any-value.js';

/** Any OTIO schema object. `dynamicFields` holds fields the schema does not define (kept on write). */
export abstract class SerializableObject {
  /** The schema name, e.g. "Clip". */
  abstract readonly schemaName: string;
  /** The schema version this class reads and writes, e.g. 2. */
  abstract readonly schemaVersion: number;
  /** Unknown fields found on read, written back first (as the reference does). */
  dynamicFields: AnyDictionary = {};

  /** "Clip.2". */
  get schema(): string {
    return `${this.schemaName}.${this.schemaVersion}`;
  }

  /** True only for {@link UnknownSchema}. */
  isUnknownSchema(): boolean {
    return false;
  }
}
