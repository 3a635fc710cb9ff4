/** An object of a schema libero does not know: kept as read and written back unchanged. */
import type { AnyDictionary } from './any-value.js';
import { SerializableObject } from './serializable-object.js';

/** The reference's `UnknownSchema`: original name and version plus all fields. */
export class UnknownSchema extends SerializableObject {
  readonly schemaName: string;
  readonly schemaVersion: number;
  /** Every field but OTIO_SCHEMA, in file order. */
  data: AnyDictionary;

  constructor(options: {
    originalSchemaName: string;
    originalSchemaVersion: number;
    data: AnyDictionary;
  }) {
    super();
    this.schemaName = options.originalSchemaName;
    this.schemaVersion = options.originalSchemaVersion;
    this.data = options.data;
  }

  override isUnknownSchema(): boolean {
    return true;
  }
}
