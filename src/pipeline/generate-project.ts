/**
 * The main use-case: generate what a project's shots are missing and write the conformed
 * timeline. Plans (pure), runs the missing steps through the GeneratorBackend port, records each
 * completed chain as a take, keeps the editor's take choices, and writes `NAME.conformed.otio`
 * atomically. The editor's timeline is never written.
 */
import { existsSync } from 'node:fs';
import { copyFile, link, mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { activeTakeKeyOf, conformTimeline } from '../conform/conformed-timeline.js';
import { handBackPaths } from '../conform/hand-back-paths.js';
import type { ConformShot } from '../conform/conformed-timeline.js';
import type { ShotPlan } from '../generators/plan-step.js';
import { runPlan } from '../generators/run-plan.js';
import type { DegradedTake } from '../generators/run-plan.js';
import type { StateStore, TakeRecord } from '../generators/state-store.js';
import { LiberoError, writeFileAtomic } from '../shared/index.js';
import { diffShots, findShots, takeKey, takeNumberOf } from '../shots/index.js';
import type { DirectiveProblem, NeedsPrompt, OfflineClip, ShotChange } from '../shots/index.js';
import { writeToString } from '../timeline/index.js';
import { withConformLock } from './conform-lock.js';
import type { PipelineEvent } from './pipeline-event.js';
import { planProject } from './plan-project.js';
import {
  annotateConformed,
  exposedTakeFile,
  makeRetry,
  qcShotTakes,
  takeFileOf,
} from './qc-generate.js';
import type { ShotQcResult } from './qc-generate.js';
import type { Generator } from './generator.js';
import type { ProjectPlan } from './plan-project.js';
import { handBackOtioVersion, parseTimeline } from './project.js';
import type { Project } from './project.js';
import { openProjectState } from './project-state.js';
import type { ProjectState } from './project-state.js';
import { standInTakeOf } from './stand-in-take.js';
import { regenFromStore, regenFromStored } from './regen-requests.js';
import type { RegenPlanning } from './regen-requests.js';

export type { Generator } from './generator.js';

/** Options for {@link generateProject}. */
export interface GenerateProjectOptions {
  readonly project: Project;
  readonly generator: Generator;
  /** Only these shots (the service's "generate one shot"); null for all. */
  readonly shotIds: readonly string[] | null;
  /** An open state, or null to open (and close) the project's own. */
  readonly state: ProjectState | null;
  readonly signal: AbortSignal | null;
  readonly onEvent: ((event: PipelineEvent) => void) | null;
  readonly now: () => Date;
  /**
   * Regen markers are stored requests (regen-requests.ts): `forced` plans one request's take (the
   * service's request jobs, generate-request.ts); absent or null: markers not seen before are
   * stored at `now()` and nothing is forced.
   */
  readonly regen?: RegenPlanning | null;
}

/** What happened to one shot. */
export interface ShotSummary {
  readonly shotId: string;
  readonly clipName: string;
  /** `generated`: new work ran; `cached`: nothing to do; `failed`: see error. */
  readonly status: 'generated' | 'cached' | 'failed' | 'skipped';
  readonly takes: number;
  /** The active take's key (`take-002`), or null without takes. */
  readonly activeTake: string | null;
  readonly error: LiberoError | null;
  /** `not upscaled: <why>` when the shot's take is a stand-in (its video at delivery size). */
  readonly degraded: string | null;
}

/** What {@link generateProject} did. */
export interface GenerateResult {
  readonly conformedFile: string;
  readonly shots: readonly ShotSummary[];
  readonly needsPrompt: readonly NeedsPrompt[];
  /** The editor's media missing on this machine (never generated; `paths.map` may find it). */
  readonly offline: readonly OfflineClip[];
  readonly problems: readonly DirectiveProblem[];
  /** Steps that ran / were found in the cache. */
  readonly ran: number;
  readonly cached: number;
  readonly seconds: number;
  /** Faults of active takes inside the cut ("shot 6b: jump at 00:00:03:04, inside the cut"). */
  readonly faultsInCut: readonly string[];
}

function fileExists(path: string): boolean {
  return existsSync(path);
}

/** The active media reference key of each shot of a timeline. */
function activeKeysIn(options: {
  project: Project;
  timelineText: string;
  file: string;
}): Map<string, string> {
  const timeline = parseTimeline(options.timelineText, options.file);
  const found = findShots({
    timeline,
    config: options.project.config,
    fileExists,
    timelineDir: options.project.dir,
  });
  return new Map(
    found.shots.map((entry) => [
      entry.spec.shotId,
      activeTakeKeyOf(entry.clip) ?? entry.clip.activeMediaReferenceKey,
    ]),
  );
}

/**
 * Records the editor's take choices. In the conformed file, a take other than the one libero
 * wrote there is a choice. In the editor's own timeline (a conformed file re-imported into the
 * NLE, then exported again), a take key that changed since the last pass is a choice, and wins:
 * an old export that still shows an earlier take is not a new choice.
 */
async function recordChoices(options: { project: Project; store: StateStore }): Promise<void> {
  const { project, store } = options;
  const chosen = new Map<string, string>();
  if (existsSync(project.conformedFile)) {
    try {
      const text = await readFile(project.conformedFile, 'utf8');
      for (const [shotId, key] of activeKeysIn({
        project,
        timelineText: text,
        file: project.conformedFile,
      }))
        if (key !== store.lastWrittenActive(shotId)) chosen.set(shotId, key);
    } catch {
      // A conformed file the editor broke is rewritten below; its choices are lost, nothing else.
    }
  }
  for (const [shotId, key] of activeKeysIn({
    project,
    timelineText: project.timelineText,
    file: project.timelineFile,
  })) {
    if (key !== store.lastSeenActive(shotId) && key !== store.lastWrittenActive(shotId))
      chosen.set(shotId, key);
    store.setLastSeenActive(shotId, key);
  }
  for (const [shotId, key] of chosen) {
    const number = takeNumberOf(key);
    const takes = store.takes(shotId);
    if (number === null || !takes.some((t) => t.number === number)) continue;
    store.setChoice({ shotId, number, takesAtChoice: takes.length }, shotId);
  }
}

/**
 * Gives a take a readable name beside the cache: `out/shots/<shot>/take-001.mp4` (a hard link)
 * and `take-001.json`, the provenance of every step of its chain, still first.
 */
async function exposeTake(options: {
  project: Project;
  take: TakeRecord;
  plan: ShotPlan;
  cache: ProjectState['cache'];
}): Promise<string> {
  const { take } = options;
  const target = exposedTakeFile(options.project, take);
  const dir = dirname(target);
  await mkdir(dir, { recursive: true });
  if (!existsSync(target)) {
    try {
      await link(take.file, target);
    } catch {
      await copyFile(take.file, target);
    }
  }
  const chain: unknown[] = [];
  for (const step of options.plan.steps) {
    try {
      chain.push(JSON.parse(await readFile(options.cache.sidecarFor(step.key), 'utf8')) as unknown);
    } catch {
      chain.push({
        key: step.key,
        kind: step.kind,
        provenance: 'missing (made before provenance was kept)',
      });
    }
  }
  const provenance = {
    shotId: take.shotId,
    take: takeKey(take.number),
    file: target,
    createdAt: take.createdAt,
    prompt: take.prompt,
    seed: take.seed,
    aiGenerated: true,
    chain,
  };
  await writeFileAtomic(
    join(dir, `${takeKey(take.number)}.json`),
    JSON.stringify(provenance, null, 2) + '\n',
  );
  return target;
}

/**
 * What changed in the editor's timeline since the conformed file was last written (null when
 * there is none yet): added, removed, new request, regenerate asked, only moved. Shown to the
 * editor; the plan itself needs no diff (content keys decide what runs).
 */
async function changesSinceLastPass(options: {
  project: Project;
  current: ProjectPlan;
  store: StateStore;
}): Promise<ShotChange[] | null> {
  const { project } = options;
  if (!existsSync(project.conformedFile)) return null;
  let previous;
  try {
    const text = await readFile(project.conformedFile, 'utf8');
    const timeline = parseTimeline(text, project.conformedFile);
    previous = findShots({
      timeline,
      config: project.config,
      fileExists,
      timelineDir: project.dir,
    }).shots;
  } catch {
    return null;
  }
  // Regen markers compared as the plan counts them: by their stored requests' offsets.
  const regenOf = regenFromStored({ store: options.store });
  return diffShots(
    previous.map((e) => ({ ...e, spec: { ...e.spec, regen: regenOf(e) } })),
    options.current.shots.map((s) => s.entry),
  );
}

/** Plans a project with its state (for status views and the service). */
export function planWithState(options: {
  project: Project;
  generator: Generator;
  state: ProjectState;
  /**
   * Regen markers as stored requests (regen-requests.ts): each marker not seen before is stored
   * (at `at`), and the shots are planned with their requests' offsets (`forced`: one request's).
   */
  regen: RegenPlanning;
}): ProjectPlan {
  const { state } = options;
  return planProject({
    project: options.project,
    templates: options.generator.templates,
    takesOf: (shotId) => state.store.takes(shotId),
    isCached: (key, ext) => state.cache.lookup(key, ext) !== null,
    fileExists,
    regenFor: regenFromStore({ store: state.store, planning: options.regen }),
  });
}

/** Generates what is missing and writes the conformed timeline. */
export async function generateProject(options: GenerateProjectOptions): Promise<GenerateResult> {
  const { project, generator, now } = options;
  const emit = (event: PipelineEvent): void => options.onEvent?.(event);
  const started = now();
  const state = options.state ?? openProjectState(project);
  try {
    const { store, cache } = state;
    const regen = options.regen ?? { at: started.toISOString(), forced: null };
    const plan = planWithState({ project, generator, state, regen });
    emit({
      type: 'shots-found',
      shots: plan.shots.length,
      needsPrompt: plan.needsPrompt,
      offline: plan.offline,
      problems: plan.problems,
    });
    const known = new Set(plan.shots.map((s) => s.entry.spec.shotId));
    const unknown = (options.shotIds ?? []).filter((id) => !known.has(id));
    if (unknown.length > 0)
      throw new LiberoError(
        'USAGE',
        `${project.timelineFile} has no shot ${unknown.map((id) => `"${id}"`).join(', ')}; its shots: ${[...known].join(', ') || 'none'}`,
        { details: { unknown, known: [...known] } },
      );
    const changes = await changesSinceLastPass({ project, current: plan, store });
    if (changes !== null) emit({ type: 'changes', changes });

    const wanted = (shotId: string): boolean =>
      options.shotIds === null || options.shotIds.includes(shotId);
    const toRun: ShotPlan[] = plan.shots
      .filter((s) => wanted(s.entry.spec.shotId) && s.missing.length > 0)
      .map((s) => s.plan);
    emit({
      type: 'plan-ready',
      shots: plan.shots.map((s) => ({
        shotId: s.entry.spec.shotId,
        missing: s.missing,
        reusesTake: s.coveredBy?.number ?? null,
      })),
      stepsToRun: plan.shots
        .filter((s) => wanted(s.entry.spec.shotId))
        .reduce((n, s) => n + s.missing.length, 0),
    });
    // The editor asked for these shots by name: they go before any batch the backend holds.
    if (options.shotIds !== null && toRun.length > 0)
      generator.prioritize?.(toRun.map((p) => p.shotId));
    const run = await runPlan({
      plans: toRun,
      backend: generator.backend,
      cache,
      store,
      signal: options.signal,
      onEvent: emit,
      now,
      concurrency: generator.concurrency,
    });
    // From here on one run at a time per project (conform-lock.ts): the editor's choices are read
    // from the conformed file, and the file is written, with nobody else writing in between.
    return await withConformLock({ liberoDir: project.liberoDir, signal: options.signal }, () =>
      conformPhase({ ...options, plan, run, state, started, emit }),
    );
  } finally {
    if (options.state === null) state.close();
  }
}

/** The locked part of {@link generateProject}: choices, takes, QC, the conformed file. */
async function conformPhase(
  options: GenerateProjectOptions & {
    plan: ProjectPlan;
    run: Awaited<ReturnType<typeof runPlan>>;
    state: ProjectState;
    started: Date;
    emit: (event: PipelineEvent) => void;
  },
): Promise<GenerateResult> {
  const { project, generator, now, plan, run, emit, started } = options;
  const { store, cache } = options.state;
  const wanted = (shotId: string): boolean =>
    options.shotIds === null || options.shotIds.includes(shotId);
  await recordChoices({ project, store });
  const written = new Map<string, string>();
  const failures = new Map<string, LiberoError>();
  const degradedBy = new Map<string, DegradedTake>();
  for (const outcome of run.outcomes) {
    if (outcome.ok) continue;
    failures.set(outcome.shotId, outcome.error);
    if (outcome.degraded !== null) degradedBy.set(outcome.shotId, outcome.degraded);
  }
  const generatedIds = new Set(
    run.outcomes.filter((o) => o.ok && o.generated).map((o) => o.shotId),
  );

  const conformShots = new Map<string, ConformShot>();
  const summaries: ShotSummary[] = [];
  const shotQc = new Map<string, ShotQcResult>();
  for (const status of plan.shots) {
    const { spec } = status.entry;
    const error = failures.get(spec.shotId) ?? null;
    if (error === null && wanted(spec.shotId) && status.coveredBy === null) {
      const file = cache.lookup(status.plan.finalKey, 'mp4');
      if (file !== null) {
        const before = store.takes(spec.shotId).length;
        const take = store.addTake({
          shotId: spec.shotId,
          finalKey: status.plan.finalKey,
          lookKey: status.plan.lookKey,
          file,
          frames: status.plan.frames,
          fps: status.plan.fps,
          originSeconds: status.entry.sourceStartSeconds,
          prompt: spec.prompt,
          seed: spec.seed + spec.regen,
          createdAt: now().toISOString(),
        });
        if (store.takes(spec.shotId).length > before) {
          const exposed = await exposeTake({
            project,
            take,
            plan: status.plan,
            cache,
          });
          emit({ type: 'take-added', shotId: spec.shotId, take: take.number, file: exposed });
        }
      }
    }
    // Take QC, one retry with the next seed (qc.autoRetry), best-scored take (src/conform/qc).
    const qc = await qcShotTakes({
      project,
      entry: status.entry,
      takes: () => store.takes(spec.shotId),
      choice: store.choice(spec.shotId),
      templates: generator.templates,
      retry:
        error === null && generatedIds.has(spec.shotId)
          ? makeRetry({
              project,
              entry: status.entry,
              generator,
              cache,
              store,
              signal: options.signal,
              onEvent: emit,
              now,
              expose: (take, shotPlan) => exposeTake({ project, take, plan: shotPlan, cache }),
            })
          : null,
      signal: options.signal,
      onEvent: emit,
    });
    shotQc.set(spec.shotId, qc);
    const takes = store.takes(spec.shotId);
    const active = qc.active;
    // A shot without takes whose upscale failed still reaches the editor: its stand-in take
    // (not stored, so the next run upscales and makes take-001 for real). One an earlier run made
    // stays in the cut while this run leaves the shot alone (the service runs one shot at a time).
    const degraded =
      active === null
        ? (degradedBy.get(spec.shotId) ??
          (await standInTakeOf({ state: options.state, planned: status })))
        : null;
    if (degraded !== null) {
      written.set(spec.shotId, takeKey(1));
      conformShots.set(spec.shotId, {
        active: 1,
        takes: [
          {
            number: 1,
            file: degraded.file,
            frames: status.plan.frames,
            fps: status.plan.fps,
            originSeconds: status.entry.sourceStartSeconds,
            key: degraded.key,
            createdAt: now().toISOString(),
            prompt: spec.prompt,
            seed: spec.seed + spec.regen,
            degraded: degraded.reason,
          },
        ],
      });
    }
    if (active !== null) {
      written.set(spec.shotId, takeKey(active));
      conformShots.set(spec.shotId, {
        active,
        takes: takes.map((t) => ({
          number: t.number,
          file: takeFileOf(project, t),
          frames: t.frames,
          fps: t.fps,
          originSeconds: t.originSeconds,
          key: t.finalKey,
          createdAt: t.createdAt,
          prompt: t.prompt,
          seed: t.seed,
        })),
      });
    }
    summaries.push({
      shotId: spec.shotId,
      clipName: spec.clipName,
      status:
        error !== null
          ? 'failed'
          : !wanted(spec.shotId)
            ? 'skipped'
            : generatedIds.has(spec.shotId)
              ? 'generated'
              : 'cached',
      takes: takes.length,
      activeTake: active === null ? (degraded === null ? null : takeKey(1)) : takeKey(active),
      error,
      degraded: degraded?.reason ?? null,
    });
  }

  const copy = parseTimeline(project.timelineText, project.timelineFile);
  const conformed = conformTimeline({
    timeline: copy,
    config: project.config,
    fileExists,
    timelineDir: project.dir,
    shots: conformShots,
  });
  await annotateConformed({
    project,
    timeline: conformed,
    shots: shotQc,
    signal: options.signal,
  });
  handBackPaths({ timeline: conformed, config: project.config });
  await writeFileAtomic(
    project.conformedFile,
    writeToString(conformed, { targetVersion: handBackOtioVersion(project.config) }) + '\n',
  );
  // Remembered only once the file holds it: a difference later is the editor's choice.
  for (const [shotId, key] of written) store.setLastWrittenActive(shotId, key);
  emit({ type: 'conformed', file: project.conformedFile });
  return {
    conformedFile: project.conformedFile,
    shots: summaries,
    needsPrompt: plan.needsPrompt,
    offline: plan.offline,
    problems: plan.problems,
    ran: run.ran,
    cached: run.cached,
    seconds: (now().getTime() - started.getTime()) / 1000,
    faultsInCut: [...shotQc.values()].flatMap((q) => q.faultLines),
  };
}
