/** MediaReference.1 and its kinds (the reference's `mediaReference.h` and siblings). */
import type { TimeRange } from '../time/time-range.js';
import type { AnyDictionary } from './any-value.js';
import type { Box2d } from './box2d.js';
import type { NamedOptions } from './serializable-object-with-metadata.js';
import { SerializableObjectWithMetadata } from './serializable-object-with-metadata.js';

/** Options of every media reference. */
export interface MediaReferenceOptions extends NamedOptions {
  availableRange?: TimeRange | null;
  availableImageBounds?: Box2d | null;
}

/** Where a clip's media is; `availableRange` is the media's own time range. */
export class MediaReference extends SerializableObjectWithMetadata {
  readonly schemaName: string = 'MediaReference';
  readonly schemaVersion: number = 1;
  availableRange: TimeRange | null;
  availableImageBounds: Box2d | null;

  constructor(options: MediaReferenceOptions = {}) {
    super(options);
    this.availableRange = options.availableRange ?? null;
    this.availableImageBounds = options.availableImageBounds ?? null;
  }

  /** True for MissingReference. */
  isMissingReference(): boolean {
    return false;
  }
}

/** Media at a URL or path. */
export class ExternalReference extends MediaReference {
  override readonly schemaName: string = 'ExternalReference';
  targetUrl: string;

  constructor(options: MediaReferenceOptions & { targetUrl?: string } = {}) {
    super(options);
    this.targetUrl = options.targetUrl ?? '';
  }
}

/** Media that is not there (offline, or a placeholder). */
export class MissingReference extends MediaReference {
  override readonly schemaName: string = 'MissingReference';

  override isMissingReference(): boolean {
    return true;
  }
}

/** Options of {@link GeneratorReference}. */
export interface GeneratorReferenceOptions extends MediaReferenceOptions {
  generatorKind?: string;
  parameters?: AnyDictionary;
}

/** Media made by a generator (`generatorKind`, e.g. "SMPTEBars") from `parameters`. */
export class GeneratorReference extends MediaReference {
  override readonly schemaName: string = 'GeneratorReference';
  generatorKind: string;
  parameters: AnyDictionary;

  constructor(options: GeneratorReferenceOptions = {}) {
    super(options);
    this.generatorKind = options.generatorKind ?? '';
    this.parameters = options.parameters ?? {};
  }
}
