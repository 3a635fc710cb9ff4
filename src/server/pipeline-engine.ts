/**
 * The service's {@link ProjectEngine}, built on src/pipeline's use-cases: `projectFromText` and
 * `planWithState` for each version the watcher read, one `generateProject` call per shot job
 * (so each shot can be cancelled alone; several run side by side, and only a job the editor asked
 * for may call the generator's `prioritize`, see shot-priority.ts), the project's state store for takes and choices.
 * One state store stays open for the service's life (SQLite in WAL mode).
 */
import { basename, join } from 'node:path';
import { generateProject, planWithState } from '../pipeline/generate-project.js';
import type { Generator } from '../pipeline/generate-project.js';
import { shotPriority } from './shot-priority.js';
import { listAudioCues } from '../pipeline/list-audio-cues.js';
import type { AudioBackend } from '../pipeline/list-audio-cues.js';
import type { PipelineEvent } from '../pipeline/pipeline-event.js';
import type { ShotStatus as PlannedShot } from '../pipeline/plan-project.js';
import { projectFromText } from '../pipeline/project.js';
import type { PrepareAudioStep } from '../pipeline/render-project.js';
import type { Project } from '../pipeline/project.js';
import { openProjectState } from '../pipeline/project-state.js';
import type { ProjectState } from '../pipeline/project-state.js';
import { standInTakeOf } from '../pipeline/stand-in-take.js';
import { LiberoError } from '../shared/index.js';
import type { StageKind } from './api-contract.js';
import type { ForcedRegen, RegenPlanning } from '../pipeline/regen-requests.js';
import { retryFailedRequests, settleRequests, storeRequest } from '../pipeline/stored-requests.js';
import { generateRequest, plannedKey } from '../pipeline/generate-request.js';
import type { RequestPlanning } from '../pipeline/generate-request.js';
import { renderConformed } from './render-conformed.js';
import { apiQc, createTakeViews, takeId } from './take-views.js';
import type {
  EngineProject,
  EngineRequest,
  EngineShot,
  GenerateShotOptions,
  ProjectEngine,
  RenderOptions,
} from './project-engine.js';

/** Options for {@link createPipelineEngine}. */
export interface PipelineEngineOptions {
  readonly timelinePath: string;
  readonly generator: Generator;
  readonly now: () => Date;
  /** Voice-over and score for renders (`audioBeforeRender`); absent or null: the tracks' own mix. */
  readonly audio?: PrepareAudioStep | null;
  /** The audio backend renders use, to tell which cues are cached; absent or null: `unknown`. */
  readonly audioBackend?: AudioBackend | null;
}

/** The pipeline's project behind an EngineProject. */
interface Loaded extends EngineProject {
  readonly project: Project;
}

function stageOf(kind: string): StageKind {
  if (kind === 'still') return 'still';
  if (kind === 'upscale') return 'upscale';
  return 'video';
}

/** A stored request as the service's jobs carry it. */
function engineRequestOf(record: ReturnType<typeof storeRequest>): EngineRequest {
  return { id: record.id, shotId: record.shotId, source: record.source };
}

/** Builds the engine; the state store opens on the first load. */
export function createPipelineEngine(options: PipelineEngineOptions): ProjectEngine & {
  close(): void;
} {
  let state: ProjectState | null = null;
  let roots: string[] = [];
  let projectDir = '';

  const stateFor = (project: Project): ProjectState => {
    if (state === null) {
      state = openProjectState(project);
      // the service starts: what failed before gets its take now (stored-requests.ts)
      retryFailedRequests({ store: state.store, at: options.now().toISOString() });
    }
    return state;
  };
  const views = createTakeViews(stateFor);

  const shotOf = async (
    project: Project,
    planned: PlannedShot,
    index: number,
  ): Promise<EngineShot> => {
    const { spec } = planned.entry;
    const takes = await views.takesOf(project, planned.entry);
    const found = await standInTakeOf({ state: stateFor(project), planned });
    const standIn = found === null ? null : { reason: found.reason, file: found.file };
    const written = stateFor(project).store.lastWrittenActive(spec.shotId);
    const active =
      written !== null && takes.some((t) => t.id === written)
        ? written
        : (takes.at(-1)?.id ?? null);
    return {
      id: spec.shotId,
      name: spec.clipName,
      index,
      prompt: spec.prompt,
      seed: spec.seed,
      motion: spec.motion === '' ? null : spec.motion,
      needsPrompt: false,
      workKey: planned.plan.finalKey,
      regen: spec.regen,
      missing: [...new Set(planned.missing.map(stageOf))],
      takes,
      activeTake: active,
      degraded: standIn,
    };
  };

  const build = async (project: Project): Promise<Loaded> => {
    const plan = planWithState({
      project,
      generator: options.generator,
      state: stateFor(project),
      regen: planning(null),
    });
    const ordered: { start: number; track: string; make: (i: number) => Promise<EngineShot> }[] =
      [];
    for (const planned of plan.shots)
      ordered.push({
        start: planned.entry.recordStart / planned.entry.spec.durationRate,
        track: planned.entry.trackName,
        make: (i) => shotOf(project, planned, i),
      });
    for (const missing of plan.needsPrompt)
      ordered.push({
        start: missing.recordStart / missing.recordRate,
        track: missing.trackName,
        make: async (i) => ({
          id: missing.shotId,
          name: missing.clipName,
          index: i,
          prompt: null,
          seed: null,
          motion: null,
          needsPrompt: true,
          workKey: '',
          regen: 0,
          missing: [],
          takes: [],
          activeTake: null,
          degraded: null,
        }),
      });
    ordered.sort((a, b) => a.start - b.start || a.track.localeCompare(b.track));
    const shots = await Promise.all(ordered.map((o, i) => o.make(i)));
    roots = [project.outDir, join(project.liberoDir, 'cache')];
    projectDir = project.dir;
    const duration = project.timeline.duration();
    return {
      project,
      name: project.timeline.name === '' ? basename(project.timelineFile) : project.timeline.name,
      fps: duration.rate > 0 ? duration.rate : null,
      durationSeconds: duration.rate > 0 ? duration.toSeconds() : null,
      shots,
      audio: (await listAudioCues({ project, backend: options.audioBackend ?? null })).cues.map(
        (cue) => ({
          id: cue.id,
          kind: cue.kind === 'voice' ? ('voiceover' as const) : ('score' as const),
          text: cue.text,
          start: cue.start,
          duration: cue.duration,
          status: cue.status,
          ...(cue.error === null ? {} : { error: cue.error }),
        }),
      ),
      offline: plan.offline.map((clip) => ({
        clipName: clip.clipName,
        trackName: clip.trackName,
        start: clip.recordStart / clip.recordRate,
        editorPath: clip.editorPath,
        localPath: clip.localPath,
        reason: clip.reason,
      })),
    };
  };

  const loadedOf = (project: EngineProject): Loaded => {
    if (!('project' in project))
      throw new LiberoError('INTERNAL', 'a project not loaded by this engine');
    return project as Loaded;
  };

  // generateProject is safe to call concurrently (src/pipeline/conform-lock.ts serialises its
  // choice-reading and conformed-file writing per project, across processes too).
  const priority = shotPriority(options.generator);
  const at = (): string => options.now().toISOString();
  /** Regen markers are stored requests in the service (src/pipeline/regen-requests.ts). */
  const planning = (forced: ForcedRegen | null): RegenPlanning => ({ at: at(), forced });
  const requestPlanning = (state: ProjectState): RequestPlanning => ({
    generator: options.generator,
    state,
    planning,
  });
  const run = (input: {
    project: Project;
    /** The generator as this call may use it ({@link shotPriority}). */
    generator: Generator;
    shotIds: readonly string[];
    signal: AbortSignal | null;
    onEvent: ((event: PipelineEvent) => void) | null;
  }) =>
    generateProject({
      project: input.project,
      generator: input.generator,
      shotIds: input.shotIds,
      state: stateFor(input.project),
      signal: input.signal,
      onEvent: input.onEvent,
      now: options.now,
      regen: planning(null),
    });

  return {
    get servedRoots() {
      return roots;
    },
    get projectDir() {
      return projectDir;
    },
    async load(input) {
      const project = projectFromText({
        timelineFile: options.timelinePath,
        timelineText: input.timelineText,
        configText: input.configText,
      });
      return build(project);
    },
    async generateShot(o: GenerateShotOptions) {
      const loaded = loadedOf(o.project);
      const shot = loaded.shots.find((s) => s.id === o.shotId);
      if (shot === undefined)
        throw new LiberoError('API_NOT_FOUND', `no shot "${o.shotId}"`, {
          details: { shotId: o.shotId },
        });
      const st = stateFor(loaded.project);
      const record = o.request === null ? null : st.store.request(o.request.id);
      if (record !== null && record.state !== 'pending') return shot;
      const takesBefore = st.store.takes(o.shotId).reduce((n, t) => Math.max(n, t.number), 0);
      const onEvent = (event: PipelineEvent): void => {
        if (!('shotId' in event) || event.shotId !== o.shotId) return;
        if (event.type === 'step-started') o.onProgress(stageOf(event.kind), 0);
        else if (event.type === 'step-progress') o.onProgress(stageOf(event.kind), event.fraction);
        else if (event.type === 'step-done') o.onProgress(stageOf(event.kind), 1);
        else if (event.type === 'take-qc') o.onTakeQc(takeId(event.take), apiQc(event));
        // the cut shows the stand-in only while the shot has no take (generate-project.ts)
        else if (event.type === 'shot-degraded' && takesBefore === 0)
          o.onDegraded({ reason: event.reason, file: event.file });
      };
      // Urgent: this shot's stages go first in the generator's queue; a batch job leaves the
      // generator's own order (a pool groups stages by model) alone.
      const urgent = o.urgent ? priority.urgent() : null;
      const generator = urgent?.generator ?? priority.calm;
      // A stored request runs as the CLI runs one (generate-request.ts): its take's key recorded
      // first, the request finished with its take, an API request's take the editor's choice.
      const result = await (
        record === null
          ? run({
              project: loaded.project,
              generator,
              shotIds: [o.shotId],
              signal: o.signal,
              onEvent,
            })
          : generateRequest({
              project: loaded.project,
              generator,
              state: st,
              requestId: record.id,
              shot,
              signal: o.signal,
              onEvent,
              now: options.now,
            })
      ).finally(() => urgent?.release());
      const error = result?.shots.find((s) => s.shotId === o.shotId)?.error ?? null;
      if (error !== null) throw error;
      const fresh = await build(loaded.project);
      const updated = fresh.shots.find((s) => s.id === o.shotId);
      if (updated === undefined)
        throw new LiberoError('INTERNAL', `shot "${o.shotId}" vanished from its own plan`);
      return updated;
    },
    addRequest(input) {
      const loaded = loadedOf(input.project);
      const shot = loaded.shots.find((s) => s.id === input.shotId);
      return engineRequestOf(
        storeRequest({
          store: stateFor(loaded.project).store,
          shotId: input.shotId,
          source: input.source,
          regenerate: input.regenerate,
          workKey: shot?.workKey ?? '',
          at: at(),
        }),
      );
    },
    pendingRequests(input) {
      const loaded = loadedOf(input.project);
      return settleRequests({
        store: stateFor(loaded.project).store,
        plannedKey: (r) =>
          plannedKey({
            ...requestPlanning(stateFor(loaded.project)),
            project: loaded.project,
            shotId: r.shotId,
            forced: { shotId: r.shotId, regen: r.regen },
          }),
        at: at(),
      }).map(engineRequestOf);
    },
    async chooseTake(input) {
      const loaded = loadedOf(input.project);
      const st = stateFor(loaded.project);
      const takes = st.store.takes(input.shotId);
      const number = Number(/^take-(\d+)$/.exec(input.takeId)?.[1] ?? NaN);
      if (!takes.some((t) => t.number === number))
        throw new LiberoError(
          'API_NOT_FOUND',
          `shot "${input.shotId}" has no take "${input.takeId}"`,
          {
            details: { shotId: input.shotId, takeId: input.takeId },
          },
        );
      st.store.setChoice(
        { shotId: input.shotId, number, takesAtChoice: takes.length },
        input.shotId,
      );
      await run({
        project: loaded.project,
        generator: priority.calm,
        shotIds: [],
        signal: null,
        onEvent: null,
      });
      const fresh = await build(loaded.project);
      const updated = fresh.shots.find((s) => s.id === input.shotId);
      if (updated === undefined)
        throw new LiberoError('API_NOT_FOUND', `no shot "${input.shotId}"`);
      return updated;
    },
    async conform(input) {
      const loaded = loadedOf(input.project);
      const result = await run({
        project: loaded.project,
        generator: priority.calm,
        shotIds: [],
        signal: null,
        onEvent: null,
      });
      return result.conformedFile;
    },
    async render(o: RenderOptions) {
      return renderConformed({
        project: loadedOf(o.project).project,
        audio: options.audio ?? null,
        signal: o.signal,
        onProgress: o.onProgress,
      });
    },
    close() {
      state?.close();
      state = null;
    },
  };
}
