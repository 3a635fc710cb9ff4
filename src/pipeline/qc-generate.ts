/**
 * The take QC and look steps of `generate` (and so of `render`), as two calls the generate
 * use-case makes (see src/conform/look/README.md):
 *
 *   qcShotTakes        per shot, after its takes are recorded: analyse every take (stored
 *                      beside it), regenerate once with the next seed when `qc.autoRetry` is
 *                      on and the new take has a fault inside the cut, choose the active take
 *                      (the editor's choice, else the best score), and list the faults the cut
 *                      shows ("shot 6b: jump at 00:00:03:04, inside the cut").
 *   annotateConformed  on the conformed timeline: each take's QC on its media reference
 *                      (`metadata.libero.qc`) and, with `look.match` on, the derived CDL on each
 *                      shot's clip (`metadata.libero.cdl_auto`).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { annotateTakeQc } from '../conform/qc/annotate-take-qc.js';
import { chooseActiveTake } from '../conform/qc/choose-active-take.js';
import type { TakeQc } from '../conform/qc/qc-fault.js';
import type { TakeAnalysis } from '../conform/qc/take-analysis.js';
import type { MediaCache } from '../generators/media-cache.js';
import { planShot } from '../generators/plan-shot.js';
import type { ShotPlan } from '../generators/plan-step.js';
import { runPlan } from '../generators/run-plan.js';
import type { TemplateResolver } from '../generators/stage-template.js';
import type { StateStore, TakeRecord } from '../generators/state-store.js';
import { findShots, takeKey } from '../shots/index.js';
import type { ShotEntry } from '../shots/index.js';
import type { Timeline } from '../timeline/index.js';
import { applyLookMatch, lookReferenceChoice } from './match-project.js';
import type { MeasuredShot } from './match-project.js';
import type { Generator } from './generator.js';
import type { PipelineEvent } from './pipeline-event.js';
import type { Project } from './project.js';
import { checkShotTakes, storedTakeAnalysis, takeFaultsInCut } from './qc-takes.js';
import type { TakeQcEvent } from './qc-takes.js';

/** The QC outcome of one shot in a generate pass. */
export interface ShotQcResult {
  readonly entry: ShotEntry;
  /** The active take's number (null: no take). */
  readonly active: number | null;
  /** Analyses by take number (empty when QC is off). */
  readonly analyses: ReadonlyMap<number, TakeAnalysis>;
  /** Summary lines of faults of the active take inside the cut. */
  readonly faultLines: readonly string[];
  /** A retry take was made this pass (qc.autoRetry). */
  readonly retried: boolean;
}

/** Options for {@link qcShotTakes}. */
export interface QcShotTakesOptions {
  readonly project: Project;
  readonly entry: ShotEntry;
  /** Reads the shot's takes (again after a retry). */
  readonly takes: () => readonly TakeRecord[];
  readonly choice: { readonly number: number; readonly takesAtChoice: number } | null;
  /** The generator's templates: a take competes only if the shot's current request made it. */
  readonly templates: TemplateResolver;
  /**
   * Makes one more take with the next seed (qc.autoRetry), or null when the shot may not be
   * retried in this pass (its take was not made now). Resolves when the take is recorded.
   */
  readonly retry: (() => Promise<void>) | null;
  readonly signal: AbortSignal | null;
  readonly onEvent: ((event: TakeQcEvent) => void) | null;
}

/** A take's readable name beside the cache: `out/shots/<shot>/take-001.mp4`. */
export function exposedTakeFile(project: Project, take: TakeRecord): string {
  return join(project.outDir, 'shots', take.shotId, `${takeKey(take.number)}.mp4`);
}

/** The file a take is analysed at: its readable name under out/shots when there is one. */
export function takeFileOf(project: Project, take: TakeRecord): string {
  const exposed = exposedTakeFile(project, take);
  return existsSync(exposed) ? exposed : take.file;
}

async function analyse(
  options: QcShotTakesOptions,
  takes: readonly TakeRecord[],
  withLook: boolean,
  emit: boolean,
): Promise<Map<number, TakeAnalysis>> {
  const { project } = options;
  return checkShotTakes({
    entry: options.entry,
    takes: takes.map((t) => ({
      number: t.number,
      key: t.finalKey,
      file: takeFileOf(project, t),
      frames: t.frames,
      fps: t.fps,
      originSeconds: t.originSeconds,
    })),
    maxVideoSeconds: project.config.backends.maxVideoSeconds,
    withLook,
    signal: options.signal,
    onEvent: emit ? options.onEvent : null,
  });
}

/**
 * Look keys of the takes the shot's current request can make: its spec at every regen count up
 * to one past the current (the autoRetry take). A take of an earlier prompt, motion or seed
 * has another key and does not compete for active.
 */
export function currentLookKeys(options: {
  spec: ShotEntry['spec'];
  templates: TemplateResolver;
  maxVideoSeconds: number;
  upscaleHandles: number;
}): Set<string> {
  const keys = new Set<string>();
  for (let regen = 0; regen <= options.spec.regen + 1; regen++) {
    keys.add(
      planShot({
        spec: { ...options.spec, regen },
        templates: options.templates,
        maxVideoSeconds: options.maxVideoSeconds,
        upscaleHandles: options.upscaleHandles,
      }).lookKey,
    );
  }
  return keys;
}

function choose(
  options: QcShotTakesOptions,
  takes: readonly TakeRecord[],
  analyses: ReadonlyMap<number, TakeAnalysis>,
): { active: number | null; faultLines: string[] } {
  const current = currentLookKeys({
    spec: options.entry.spec,
    templates: options.templates,
    maxVideoSeconds: options.project.config.backends.maxVideoSeconds,
    upscaleHandles: options.project.config.comfyui.handles,
  });
  const active = chooseActiveTake({
    takes: takes.map((t) => ({
      number: t.number,
      score: analyses.get(t.number)?.qc.score ?? null,
      current: current.has(t.lookKey),
    })),
    choice: options.choice,
  });
  return { active, faultLines: faultLinesOf(options, takes, analyses, active) };
}

/** The faults of the active take inside the clip's used range, as summary lines. */
function faultLinesOf(
  options: QcShotTakesOptions,
  takes: readonly TakeRecord[],
  analyses: ReadonlyMap<number, TakeAnalysis>,
  active: number | null,
): string[] {
  const take = takes.find((t) => t.number === active);
  const qc = active === null ? undefined : analyses.get(active)?.qc;
  if (take === undefined || qc === undefined) return [];
  return takeFaultsInCut({ qc, entry: options.entry, originSeconds: take.originSeconds }).map(
    (f) => f.line,
  );
}

/** The analyses already stored with the takes (by `libero match` or an earlier pass). */
async function storedAnalyses(
  options: QcShotTakesOptions,
  takes: readonly TakeRecord[],
): Promise<Map<number, TakeAnalysis>> {
  const out = new Map<number, TakeAnalysis>();
  for (const take of takes) {
    const stored = await storedTakeAnalysis({
      file: takeFileOf(options.project, take),
      key: take.finalKey,
    });
    if (stored !== null) out.set(take.number, stored);
  }
  return out;
}

/** QC of one shot's takes, the optional retry, and the active take. */
export async function qcShotTakes(options: QcShotTakesOptions): Promise<ShotQcResult> {
  const { config } = options.project;
  let takes = options.takes();
  if (!config.qc.enabled) {
    // No new QC; QC stored with the takes (by `libero match`) still shows in the summary.
    const { active } = choose(options, takes, new Map());
    const stored = await storedAnalyses(options, takes);
    const faultLines = faultLinesOf(options, takes, stored, active);
    return { entry: options.entry, active, analyses: stored, faultLines, retried: false };
  }
  let analyses = await analyse(options, takes, false, true);
  let chosen = choose(options, takes, analyses);
  let retried = false;
  if (config.qc.autoRetry && options.retry !== null && chosen.faultLines.length > 0) {
    await options.retry();
    retried = true;
    takes = options.takes();
    analyses = await analyse(options, takes, false, true);
    chosen = choose(options, takes, analyses);
  }
  // The look is measured on the active take only (the one the render shows).
  const active = takes.find((t) => t.number === chosen.active);
  if (config.look.match && active !== undefined) {
    const withLook = await analyse(options, [active], true, false);
    const look = withLook.get(active.number);
    if (look !== undefined) analyses = new Map([...analyses, [active.number, look]]);
  }
  return { entry: options.entry, ...chosen, analyses, retried };
}

/** Options for {@link annotateConformed}. */
export interface AnnotateConformedOptions {
  readonly project: Project;
  /** The conformed timeline (changed in place). */
  readonly timeline: Timeline;
  readonly shots: ReadonlyMap<string, ShotQcResult>;
  readonly signal: AbortSignal | null;
}

/** Writes QC onto the takes and the look match onto the clips of the conformed timeline. */
export async function annotateConformed(options: AnnotateConformedOptions): Promise<void> {
  const { project } = options;
  const found = findShots({
    timeline: options.timeline,
    config: project.config,
    fileExists: existsSync,
  });
  const measured: MeasuredShot[] = [];
  for (const entry of found.shots) {
    const result = options.shots.get(entry.spec.shotId);
    if (result === undefined) continue;
    const qcByKey = new Map<string, TakeQc>();
    for (const [number, analysis] of result.analyses) qcByKey.set(takeKey(number), analysis.qc);
    annotateTakeQc({ clip: entry.clip, qcByKey });
    const look = result.active === null ? null : (result.analyses.get(result.active)?.look ?? null);
    if (look !== null) measured.push({ entry, look });
  }
  if (!project.config.look.match || measured.length === 0) return;
  const choice = await lookReferenceChoice({
    project,
    shotIds: measured.map((m) => m.entry.spec.shotId),
    signal: options.signal,
  });
  applyLookMatch({ project, shots: measured, choice });
}

/** Options for {@link makeRetry}. */
export interface MakeRetryOptions {
  readonly project: Project;
  readonly entry: ShotEntry;
  readonly generator: Generator;
  readonly cache: MediaCache;
  readonly store: StateStore;
  readonly signal: AbortSignal | null;
  readonly onEvent: ((event: PipelineEvent) => void) | null;
  readonly now: () => Date;
  /** Gives the new take its readable name (generate's own `exposeTake`); returns that path. */
  readonly expose: (take: TakeRecord, plan: ShotPlan) => Promise<string>;
}

/**
 * The `retry` of {@link qcShotTakes}: plans the shot with the next seed (one more regen, as a
 * `regen` marker would), runs it through the same backend, and records the take.
 */
export function makeRetry(options: MakeRetryOptions): () => Promise<void> {
  return async () => {
    const { spec } = options.entry;
    const next = { ...spec, regen: spec.regen + 1 };
    const plan = planShot({
      spec: next,
      templates: options.generator.templates,
      maxVideoSeconds: options.project.config.backends.maxVideoSeconds,
      upscaleHandles: options.project.config.comfyui.handles,
    });
    const run = await runPlan({
      plans: [plan],
      backend: options.generator.backend,
      cache: options.cache,
      store: options.store,
      signal: options.signal,
      onEvent: options.onEvent,
      now: options.now,
      concurrency: 1,
    });
    const file = options.cache.lookup(plan.finalKey, 'mp4');
    if (run.outcomes.some((o) => !o.ok) || file === null) return;
    const before = options.store.takes(spec.shotId).length;
    const take = options.store.addTake({
      shotId: spec.shotId,
      finalKey: plan.finalKey,
      lookKey: plan.lookKey,
      file,
      frames: plan.frames,
      fps: plan.fps,
      originSeconds: options.entry.sourceStartSeconds,
      prompt: spec.prompt,
      seed: next.seed + next.regen,
      createdAt: options.now().toISOString(),
    });
    if (options.store.takes(spec.shotId).length > before) {
      const exposed = await options.expose(take, plan);
      options.onEvent?.({
        type: 'take-added',
        shotId: spec.shotId,
        take: take.number,
        file: exposed,
      });
    }
  };
}
