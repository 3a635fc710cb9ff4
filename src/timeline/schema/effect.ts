/** Effect.1, TimeEffect.1, LinearTimeWarp.1 and FreezeFrame.1 (the reference's effect headers). */
import type { NamedOptions } from './serializable-object-with-metadata.js';
import { SerializableObjectWithMetadata } from './serializable-object-with-metadata.js';

/** Options of {@link Effect}. */
export interface EffectOptions extends NamedOptions {
  effectName?: string;
  enabled?: boolean;
}

/** An effect on an item, identified by `effectName`. */
export class Effect extends SerializableObjectWithMetadata {
  readonly schemaName: string = 'Effect';
  readonly schemaVersion: number = 1;
  effectName: string;
  enabled: boolean;

  constructor(options: EffectOptions = {}) {
    super(options);
    this.effectName = options.effectName ?? '';
    this.enabled = options.enabled ?? true;
  }
}

/** An effect that changes time. */
export class TimeEffect extends Effect {
  override readonly schemaName: string = 'TimeEffect';
}

/** Options of {@link LinearTimeWarp}. */
export interface LinearTimeWarpOptions extends EffectOptions {
  timeScalar?: number;
}

/** A constant speed change: 2 plays twice as fast, 0 freezes. */
export class LinearTimeWarp extends TimeEffect {
  override readonly schemaName: string = 'LinearTimeWarp';
  timeScalar: number;

  constructor(options: LinearTimeWarpOptions = {}) {
    super(options);
    this.timeScalar = options.timeScalar ?? 1;
  }
}

/** A held frame: a LinearTimeWarp with time scalar 0 and effect name "FreezeFrame". */
export class FreezeFrame extends LinearTimeWarp {
  override readonly schemaName: string = 'FreezeFrame';

  constructor(options: NamedOptions & { enabled?: boolean } = {}) {
    super({ ...options, effectName: 'FreezeFrame', timeScalar: 0 });
  }
}
