/**
 * The service's {@link ProjectEngine}, built on src/pipeline's use-cases: `projectFromText` and
 * `planWithState` for each version the watcher read, one `generateProject` call per shot job
 * (so each shot can be cancelled alone; several run side by side, and only a job the editor asked
 * for may call the generator's `prioritize`, see shot-priority.ts), the project's state store for takes and choices.
 * One state store stays open for the service's life (SQLite in WAL mode).
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { generateProject, planWithState } from '../pipeline/generate-project.js';
import type { Generator } from '../pipeline/generate-project.js';
import { shotPriority } from './shot-priority.js';
import { listAudioCues } from '../pipeline/list-audio-cues.js';
import type { AudioBackend } from '../pipeline/list-audio-cues.js';
import type { PipelineEvent } from '../pipeline/pipeline-event.js';
import type { ShotStatus as PlannedShot } from '../pipeline/plan-project.js';
import { parseTimeline, projectFromText } from '../pipeline/project.js';
import type { PrepareAudioStep } from '../pipeline/render-project.js';
import { renderTimeline } from '../pipeline/render-timeline.js';
import type { Project } from '../pipeline/project.js';
import { openProjectState } from '../pipeline/project-state.js';
import type { ProjectState } from '../pipeline/project-state.js';
import { LiberoError } from '../shared/index.js';
import type { RegenerateRequest, StageKind } from './api-contract.js';
import { injectRegenerate } from './inject-regenerate.js';
import type {
  EngineProject,
  EngineShot,
  EngineTake,
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

function takeId(number: number): string {
  return `take-${String(number).padStart(3, '0')}`;
}

interface StillFacts {
  readonly file: string | null;
  readonly prompt: string | null;
  readonly seed: number | null;
}

/** Builds the engine; the state store opens on the first load. */
export function createPipelineEngine(options: PipelineEngineOptions): ProjectEngine & {
  close(): void;
} {
  let state: ProjectState | null = null;
  let roots: string[] = [];
  let projectDir = '';
  const stills = new Map<string, StillFacts>();

  const stateFor = (project: Project): ProjectState => {
    state ??= openProjectState(project);
    return state;
  };

  const readSidecar = async (key: string): Promise<Record<string, unknown> | null> => {
    if (state === null) return null;
    try {
      return JSON.parse(await readFile(state.cache.sidecarFor(key), 'utf8')) as Record<
        string,
        unknown
      >;
    } catch {
      return null;
    }
  };

  /** The still a take's chain started from, found by walking the provenance sidecars back. */
  const stillOf = async (finalKey: string): Promise<StillFacts> => {
    const known = stills.get(finalKey);
    if (known !== undefined) return known;
    let facts: StillFacts = { file: null, prompt: null, seed: null };
    const seen = new Set<string>();
    const queue = [finalKey];
    while (queue.length > 0 && seen.size < 32) {
      const key = queue.shift() as string;
      if (seen.has(key)) continue;
      seen.add(key);
      const sidecar = await readSidecar(key);
      if (sidecar === null) continue;
      if (sidecar['kind'] === 'still') {
        const params = (sidecar['params'] ?? {}) as Record<string, unknown>;
        facts = {
          file: state?.cache.lookup(key, 'png') ?? null,
          prompt: typeof params['prompt'] === 'string' ? params['prompt'] : null,
          seed: typeof params['seed'] === 'number' ? params['seed'] : null,
        };
        break;
      }
      const inputs = (sidecar['inputs'] ?? {}) as { keys?: Record<string, unknown> };
      const keys = inputs.keys ?? {};
      for (const k of [keys['image'], keys['video'], ...((keys['join'] as unknown[]) ?? [])])
        if (typeof k === 'string') queue.push(k);
    }
    if (facts.file !== null) stills.set(finalKey, facts);
    return facts;
  };

  const takesOf = async (project: Project, shotId: string): Promise<EngineTake[]> => {
    const st = stateFor(project);
    const out: EngineTake[] = [];
    for (const take of st.store.takes(shotId)) {
      const id = takeId(take.number);
      const exposed = join(project.outDir, 'shots', shotId, `${id}.mp4`);
      const still = await stillOf(take.finalKey);
      out.push({
        id,
        prompt: still.prompt,
        seed: still.seed,
        stillFile: still.file,
        previewFile: existsSync(exposed) ? exposed : take.file,
        createdAt: take.createdAt,
      });
    }
    return out;
  };

  const shotOf = async (
    project: Project,
    planned: PlannedShot,
    index: number,
  ): Promise<EngineShot> => {
    const { spec } = planned.entry;
    const takes = await takesOf(project, spec.shotId);
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
    };
  };

  const build = async (project: Project): Promise<Loaded> => {
    const plan = planWithState({ project, generator: options.generator, state: stateFor(project) });
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
        start: missing.recordStart,
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
        }),
      ),
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
    });

  /** A version of the project whose plan for `shotId` makes a take the shot does not have yet. */
  const regenerated = (loaded: Loaded, shot: EngineShot, request: RegenerateRequest): Project => {
    const st = stateFor(loaded.project);
    const existing = new Set(st.store.takes(shot.id).map((t) => t.finalKey));
    for (let extra = 0; extra < 100; extra += 1) {
      const overrides = Object.keys(request).length > 0;
      if (extra === 0 && !overrides) continue;
      const text = injectRegenerate({
        timelineText: loaded.project.timelineText,
        shotId: shot.id,
        clipName: shot.name,
        request,
        extraRegen: extra,
      });
      const project = projectFromText({
        timelineFile: loaded.project.timelineFile,
        timelineText: text,
        configText: null,
      });
      const variant = { ...project, config: loaded.project.config, outDir: loaded.project.outDir };
      const plan = planWithState({ project: variant, generator: options.generator, state: st });
      const planned = plan.shots.find((s) => s.entry.spec.shotId === shot.id);
      if (planned === undefined) break;
      if (
        !existing.has(planned.plan.finalKey) &&
        st.cache.lookup(planned.plan.finalKey, 'mp4') === null
      )
        return variant;
    }
    throw new LiberoError('API_CONFLICT', `cannot find a new variation of shot "${shot.id}"`, {
      details: { shotId: shot.id },
    });
  };

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
      const project =
        o.regenerate === null ? loaded.project : regenerated(loaded, shot, o.regenerate);
      const takesBefore = stateFor(loaded.project)
        .store.takes(o.shotId)
        .reduce((n, t) => Math.max(n, t.number), 0);
      // Urgent: this shot's stages go first in the generator's queue; a batch job leaves the
      // generator's own order (a pool groups stages by model) alone.
      const urgent = o.urgent ? priority.urgent() : null;
      const result = await run({
        project,
        generator: urgent?.generator ?? priority.calm,
        shotIds: [o.shotId],
        signal: o.signal,
        onEvent: (event) => {
          if (!('shotId' in event) || event.shotId !== o.shotId) return;
          if (event.type === 'step-started') o.onProgress(stageOf(event.kind), 0);
          else if (event.type === 'step-progress')
            o.onProgress(stageOf(event.kind), event.fraction);
          else if (event.type === 'step-done') o.onProgress(stageOf(event.kind), 1);
        },
      }).finally(() => urgent?.release());
      const summary = result.shots.find((s) => s.shotId === o.shotId);
      if (summary?.error != null) throw summary.error;
      if (o.regenerate !== null) {
        // Asked for from the panel: the new take is the editor's choice (the timeline itself still
        // asks for the old prompt/seed, which would otherwise win the next conform).
        const st = stateFor(loaded.project);
        const takes = st.store.takes(o.shotId);
        const newest = takes.reduce((n, t) => Math.max(n, t.number), 0);
        if (newest > takesBefore)
          st.store.setChoice(
            { shotId: o.shotId, number: newest, takesAtChoice: takes.length },
            o.shotId,
          );
      }
      const fresh = await build(loaded.project);
      const updated = fresh.shots.find((s) => s.id === o.shotId);
      if (updated === undefined)
        throw new LiberoError('INTERNAL', `shot "${o.shotId}" vanished from its own plan`);
      return updated;
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
      const loaded = loadedOf(o.project);
      const { project } = loaded;
      const text = await readFile(project.conformedFile, 'utf8');
      const conformed = parseTimeline(text, project.conformedFile);
      const base = basename(project.timelineFile).replace(/\.otio$/i, '');
      await mkdir(project.outDir, { recursive: true });
      const output = join(project.outDir, `${base}.mp4`);
      const { render } = project.config;
      // Phases weigh: picture segments 90 %, audio 5 %, the final join 5 %.
      const weights = { segments: [0, 0.9], audio: [0.9, 0.05], join: [0.95, 0.05] } as const;
      const prepared =
        options.audio === undefined || options.audio === null
          ? { audio: { kind: 'mix' } as const, loudness: null }
          : await options.audio({ project, timeline: conformed, loudness: null, signal: o.signal });
      await renderTimeline({
        timeline: conformed,
        timelinePath: project.conformedFile,
        output,
        lut: render.lut,
        crf: render.crf,
        preset: render.preset,
        range: null,
        interpolate: false,
        loudness: prepared.loudness,
        cacheDir: null,
        audio: prepared.audio,
        size: { width: render.width, height: render.height },
        rate: null,
        debugDir: null,
        signal: o.signal,
        onProgress: (p) => {
          const [from, span] = weights[p.phase];
          const inPhase = p.framesTotal > 0 ? Math.min(1, p.framesDone / p.framesTotal) : 0;
          o.onProgress(from + span * (p.phase === 'segments' ? inPhase : 1));
        },
      });
      return output;
    },
    close() {
      state?.close();
      state = null;
    },
  };
}
