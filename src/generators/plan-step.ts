/** The generation plan as plain data: what the scheduler, the runner and the service consume. */
import type { StageKind } from './generator-backend.js';

/**
 * A step of a shot's chain. Backend stages (`still`, `video`, `upscale`) go to a
 * GeneratorBackend; local steps (`last-frame`, `join`) are plain ffmpeg work done by the runner
 * when a shot is longer than one video clip may be.
 */
export type PlanStepKind = StageKind | 'last-frame' | 'join';

/** Parameter values a template binds. */
export type StepParams = Readonly<Record<string, string | number | boolean | null>>;

/** One step: its content key names its output; its inputs are the keys of earlier steps. */
export interface PlanStep {
  /** Content key (template name+version, params, input keys). Also the step's id. */
  readonly key: string;
  readonly shotId: string;
  readonly kind: PlanStepKind;
  readonly template: string;
  readonly templateVersion: string;
  readonly params: StepParams;
  /** Keys of the steps whose output this one reads (`image` for video, `video` for upscale). */
  readonly inputs: Readonly<Partial<Record<'image' | 'video', string>>>;
  /** For `join`: the keys of the video segments, in order. Empty otherwise. */
  readonly joinInputs: readonly string[];
  /** The output file's extension. */
  readonly ext: 'png' | 'mp4';
}

/** Every step of one shot, in an order where inputs come first. */
export interface ShotPlan {
  readonly shotId: string;
  readonly steps: readonly PlanStep[];
  /** Key of the last step: the take's picture. */
  readonly finalKey: string;
  /** Hash of everything except the length: two plans with equal look keys differ only in length. */
  readonly lookKey: string;
  /** Frames of the final clip, at `fps`. */
  readonly frames: number;
  readonly fps: number;
  /** What the plan changed to fit the models (a video prompt shortened), naming the shot. */
  readonly warnings: readonly string[];
}

/** The keys a step waits for. */
export function stepDependencies(step: PlanStep): string[] {
  const keys = [...step.joinInputs];
  if (step.inputs.image !== undefined) keys.push(step.inputs.image);
  if (step.inputs.video !== undefined) keys.push(step.inputs.video);
  return keys;
}
