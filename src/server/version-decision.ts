/**
 * What a new version of the timeline means for each shot, as pure decisions: does running or
 * queued work stay wanted, and why is a shot queued (for `shot.queued.reason`).
 */
import type { ServerEvent } from './api-contract.js';
import type { EngineShot } from './project-engine.js';

/** Why a shot is queued. */
export type QueueReason = Extract<ServerEvent, { type: 'shot.queued' }>['reason'];

/** The part of a job the decision needs. */
export interface WorkRef {
  readonly workKey: string;
  /** An API regenerate: wanted as long as its shot exists and can be generated. */
  readonly fromApi: boolean;
}

/**
 * True when work started for an earlier version is still wanted by `shot` (its version of the
 * shot, or undefined when the shot was removed): the same work key, or an API regenerate.
 */
export function stillWanted(work: WorkRef, shot: EngineShot | undefined): boolean {
  return shot !== undefined && !shot.needsPrompt && (work.fromApi || shot.workKey === work.workKey);
}

/** What to do with a shot that has no work running or queued. */
export type ShotDecision =
  | { readonly kind: 'needs-prompt' }
  | { readonly kind: 'done' }
  | { readonly kind: 'queue'; readonly reason: QueueReason };

/**
 * The decision for one shot of a new version. `before` is the shot in the previous version;
 * `first` is true for the first version the service loads (then a shot with some stages done
 * resumes: the service was restarted mid-run).
 */
export function decideShot(options: {
  shot: EngineShot;
  before: EngineShot | undefined;
  first: boolean;
  stageCount: number;
}): ShotDecision {
  const { shot, before } = options;
  if (shot.needsPrompt) return { kind: 'needs-prompt' };
  if (shot.missing.length === 0) return { kind: 'done' };
  if (before === undefined)
    return {
      kind: 'queue',
      reason: options.first && shot.missing.length < options.stageCount ? 'resume' : 'new',
    };
  return { kind: 'queue', reason: shot.regen > before.regen ? 'regen' : 'changed' };
}
