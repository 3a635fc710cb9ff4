/**
 * Plans a project, without running anything: the shots, each one's stage plan, which steps are
 * not in the cache yet, and which shots an existing take already covers (a clip only moved or
 * trimmed shorter needs no new picture).
 */
import type { PlanStepKind, ShotPlan } from '../generators/plan-step.js';
import { planShot } from '../generators/plan-shot.js';
import type { TemplateResolver } from '../generators/stage-template.js';
import type { TakeRecord } from '../generators/state-store.js';
import { findShots } from '../shots/index.js';
import type { DirectiveProblem, NeedsPrompt, OfflineClip, ShotEntry } from '../shots/index.js';
import type { Project } from './project.js';

/** One shot and what it needs. */
export interface ShotStatus {
  readonly entry: ShotEntry;
  readonly plan: ShotPlan;
  /** A take with the same look that is long enough: use it, generate nothing. */
  readonly coveredBy: TakeRecord | null;
  /** Steps of the plan whose output is not in the cache (empty when covered). */
  readonly missing: readonly PlanStepKind[];
}

/** A planned project. */
export interface ProjectPlan {
  readonly shots: readonly ShotStatus[];
  readonly needsPrompt: readonly NeedsPrompt[];
  /** The editor's media missing on this machine (listed, never generated). */
  readonly offline: readonly OfflineClip[];
  readonly problems: readonly DirectiveProblem[];
}

/** Options for {@link planProject}. */
export interface PlanProjectOptions {
  readonly project: Pick<Project, 'timeline' | 'config' | 'dir'>;
  readonly templates: TemplateResolver;
  readonly takesOf: (shotId: string) => readonly TakeRecord[];
  readonly isCached: (key: string, ext: string) => boolean;
  readonly fileExists: (path: string) => boolean;
  /**
   * The regen offset each shot is planned with, in place of its count of regen markers: its
   * stored requests' offsets (regen-requests.ts `regenFromStore`).
   */
  readonly regenFor: (entry: ShotEntry) => number;
}

/**
 * The newest take with the plan's look whose frames cover the clip's trimmed range (source
 * seconds `start` .. `start + plan length`): a clip trimmed shorter, or moved, needs nothing new.
 */
export function coveringTake(options: {
  plan: ShotPlan;
  startSeconds: number;
  takes: readonly TakeRecord[];
}): TakeRecord | null {
  const { plan, startSeconds } = options;
  const end = startSeconds + plan.frames / plan.fps;
  const eps = 1e-6;
  const fits = options.takes.filter(
    (t) =>
      t.lookKey === plan.lookKey &&
      t.originSeconds <= startSeconds + eps &&
      t.originSeconds + t.frames / t.fps >= end - eps,
  );
  return fits.length === 0 ? null : (fits[fits.length - 1] as TakeRecord);
}

/** Plans every shot of the project. */
export function planProject(options: PlanProjectOptions): ProjectPlan {
  const { project } = options;
  const found = findShots({
    timeline: project.timeline,
    config: project.config,
    fileExists: options.fileExists,
    timelineDir: project.dir,
  });
  const entries = found.shots.map((e) => ({
    ...e,
    spec: { ...e.spec, regen: options.regenFor(e) },
  }));
  const shots = entries.map((entry): ShotStatus => {
    const plan = planShot({
      spec: entry.spec,
      templates: options.templates,
      maxVideoSeconds: project.config.backends.maxVideoSeconds,
      upscaleHandles: project.config.comfyui.handles,
    });
    const finalCached = options.isCached(plan.finalKey, 'mp4');
    const coveredBy = finalCached
      ? null
      : coveringTake({
          plan,
          startSeconds: entry.sourceStartSeconds,
          takes: options.takesOf(entry.spec.shotId),
        });
    const missing =
      coveredBy !== null || finalCached
        ? []
        : plan.steps.filter((s) => !options.isCached(s.key, s.ext)).map((s) => s.kind);
    return { entry, plan, coveredBy, missing };
  });
  // What planning changed to fit the models (a video prompt shortened) is reported the same way.
  const planned = shots.flatMap((s) =>
    s.plan.warnings.map((message) => ({ clipName: s.entry.clip.name, message })),
  );
  return {
    shots,
    needsPrompt: found.needsPrompt,
    offline: found.offline,
    problems: [...found.problems, ...planned],
  };
}
