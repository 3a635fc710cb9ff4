/** The typed events of a generation run (CLI progress, the service's socket, logs). */
import type { LiberoError } from '../shared/index.js';
import type { PlanStepKind } from './plan-step.js';

/** One event of a generation run. */
export type GenerationEvent =
  | {
      readonly type: 'step-cached';
      readonly shotId: string;
      readonly kind: PlanStepKind;
      readonly key: string;
      readonly file: string;
    }
  | {
      readonly type: 'step-started';
      readonly shotId: string;
      readonly kind: PlanStepKind;
      readonly key: string;
      readonly host: string;
    }
  | {
      readonly type: 'step-progress';
      readonly shotId: string;
      readonly kind: PlanStepKind;
      readonly key: string;
      /** 0..1 */
      readonly fraction: number;
    }
  | {
      readonly type: 'step-done';
      readonly shotId: string;
      readonly kind: PlanStepKind;
      readonly key: string;
      readonly file: string;
      readonly host: string;
      readonly seconds: number;
    }
  | {
      readonly type: 'step-failed';
      readonly shotId: string;
      readonly kind: PlanStepKind;
      readonly key: string;
      readonly error: LiberoError;
    }
  | {
      readonly type: 'shot-done';
      readonly shotId: string;
      readonly file: string;
      readonly generated: boolean;
    }
  | { readonly type: 'shot-failed'; readonly shotId: string; readonly error: LiberoError }
  | {
      /** The upscale failed for good: the shot's take is its video scaled to the delivery size. */
      readonly type: 'shot-degraded';
      readonly shotId: string;
      readonly file: string;
      /** `not upscaled: <why>` (also `metadata.libero.degraded` in the conformed timeline). */
      readonly reason: string;
    };

/** The kinds of {@link GenerationEvent}. */
export type GenerationEventType = GenerationEvent['type'];
