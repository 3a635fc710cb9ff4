/** The typed events of the pipeline's use-cases (the CLI prints them, the service forwards them). */
import type { GenerationEvent } from '../generators/generation-event.js';
import type { PlanStepKind } from '../generators/plan-step.js';
import type { DirectiveProblem, NeedsPrompt, OfflineClip, ShotChange } from '../shots/index.js';
import type { TakeQcEvent } from './qc-takes.js';

/** One shot in the plan: what it still needs. */
export interface PlannedShot {
  readonly shotId: string;
  /** Steps whose output is not in the cache, in chain order (empty: nothing to do). */
  readonly missing: readonly PlanStepKind[];
  /** An existing take already covers the shot (it was only moved or trimmed). */
  readonly reusesTake: number | null;
}

/** Any event of a pipeline run. */
export type PipelineEvent =
  | {
      readonly type: 'shots-found';
      readonly shots: number;
      readonly needsPrompt: readonly NeedsPrompt[];
      /** The editor's media missing on this machine: listed, never generated. */
      readonly offline: readonly OfflineClip[];
      readonly problems: readonly DirectiveProblem[];
    }
  | {
      /** Shot by shot, what changed since the conformed file was last written. */
      readonly type: 'changes';
      readonly changes: readonly ShotChange[];
    }
  | {
      readonly type: 'plan-ready';
      readonly shots: readonly PlannedShot[];
      readonly stepsToRun: number;
    }
  | GenerationEvent
  | {
      readonly type: 'take-added';
      readonly shotId: string;
      readonly take: number;
      readonly file: string;
    }
  /** A take was checked (score 0..100 and its faults, frames of the take's file). */
  | TakeQcEvent
  | { readonly type: 'conformed'; readonly file: string };

/** The kinds of {@link PipelineEvent}. */
export type PipelineEventType = PipelineEvent['type'];
