/**
 * The service's brain: takes each new version of the timeline (from the watcher), has the
 * engine parse and plan it, cancels only the work that is no longer wanted, queues what is
 * missing, writes the conformed timeline after each change, renders when asked (or on its own
 * with auto-render), and publishes every step on the event hub. Keeps the last good version
 * when an export is broken.
 */
import { basename } from 'node:path';
import { LiberoError, hasCode } from '../shared/index.js';
import type {
  ApiError,
  PathsResponse,
  ProjectResponse,
  RegenerateRequest,
  RenderState,
  ServerEvent,
  Shot,
  ShotStatus,
  StageKind,
  StageState,
  TimelineSummary,
} from './api-contract.js';
import { EventHub } from './event-hub.js';
import { toApiError } from './error-response.js';
import type { EngineProject, EngineShot, ProjectEngine } from './project-engine.js';
import { servedUrlFor } from './served-file.js';
import { conformedPathFor } from './timeline-watcher.js';
import type { FileVersion } from './timeline-watcher.js';

const STAGES: readonly StageKind[] = ['still', 'video', 'upscale'];

/** Options for {@link ProjectService}. */
export interface ProjectServiceOptions {
  readonly engine: ProjectEngine;
  readonly timelinePath: string;
  readonly autoRender: boolean;
  /** Shots generated at the same time (the backends queue the rest). */
  readonly concurrency: number;
  readonly now: () => Date;
  readonly redact: (text: string) => string;
  readonly log: (line: string) => void;
}

type QueueReason = 'new' | 'changed' | 'regen' | 'resume' | 'api';

interface Job {
  readonly shotId: string;
  readonly workKey: string;
  readonly reason: QueueReason;
  readonly regenerate: RegenerateRequest | null;
  readonly controller: AbortController;
}

interface ShotRuntime {
  status: ShotStatus;
  stages: Map<StageKind, StageState>;
  error: ApiError | null;
  failedStage: StageKind | null;
}

/** Drives the engine from timeline versions and API calls; owns the state the API shows. */
export class ProjectService {
  /** The socket hub; `/api/events` attaches sockets to it. */
  readonly hub: EventHub;
  readonly #o: ProjectServiceOptions;
  #project: EngineProject | null = null;
  readonly #shots = new Map<string, EngineShot>();
  readonly #runtime = new Map<string, ShotRuntime>();
  #summary: TimelineSummary | null = null;
  #lastError: ApiError | null = null;
  #timeline: FileVersion | null = null;
  #config: FileVersion | null = null;
  #version = 0;
  #loading = false;
  #loadAgain = false;
  readonly #running = new Map<string, Job>();
  #queue: Job[] = [];
  #conforming: Promise<void> = Promise.resolve();
  #render: RenderState | null = null;
  #renderController: AbortController | null = null;
  #renderSeq = 0;
  #renderFile: string | null = null;
  #conformedFile: string | null = null;
  #dirty = false;
  #closed = false;
  readonly #idleWaiters: (() => void)[] = [];

  constructor(options: ProjectServiceOptions) {
    this.#o = options;
    this.hub = new EventHub({ currentState: () => this.#currentState(), redact: options.redact });
  }

  // ---- inputs ------------------------------------------------------------------------------

  /** A new version of the timeline or of libero.json, read once by the watcher. */
  acceptVersion(version: FileVersion): void {
    if (version.kind === 'timeline') this.#timeline = version;
    else this.#config = version;
    if (this.#timeline === null) return;
    if (this.#loading) {
      this.#loadAgain = true;
      return;
    }
    this.#loading = true;
    void this.#loadLoop();
  }

  /** A watcher failure (file missing, unreadable): published like a broken export. */
  reportWatchError(error: LiberoError): void {
    this.#publishTimelineError(error);
  }

  /** `POST /api/shots/:id/regenerate`: one new take of that shot, now. */
  regenerate(shotId: string, request: RegenerateRequest): Shot {
    const shot = this.#requireShot(shotId);
    if (shot.needsPrompt && request.prompt === undefined)
      throw new LiberoError(
        'API_CONFLICT',
        `shot "${shotId}" has no prompt yet; send one with the request`,
        {
          details: { shotId },
        },
      );
    this.#cancelShot(shotId);
    this.#enqueue(shot, 'api', request);
    const queued = this.#toShot(shot);
    this.#pump();
    return queued;
  }

  /** `POST /api/shots/:id/take`: makes a take active and rewrites the conformed timeline. */
  async chooseTake(shotId: string, takeId: string): Promise<Shot> {
    const shot = this.#requireShot(shotId);
    if (!shot.takes.some((t) => t.id === takeId))
      throw new LiberoError('API_NOT_FOUND', `shot "${shotId}" has no take "${takeId}"`, {
        details: { shotId, takeId, takes: shot.takes.map((t) => t.id) },
      });
    const project = this.#requireProject();
    const updated = await this.#o.engine.chooseTake({ project, shotId, takeId });
    this.#shots.set(shotId, updated);
    this.#publish({ type: 'shot.done', at: this.#at(), shotId, shot: this.#toShot(updated) });
    this.#dirty = true;
    await this.#conform();
    return this.#toShot(updated);
  }

  /** `POST /api/renders`: renders the conformed timeline; progress on the socket. */
  startRender(): RenderState {
    const project = this.#requireProject();
    if (this.#render?.status === 'running')
      throw new LiberoError('API_CONFLICT', `render ${this.#render.id} is still running`, {
        details: { renderId: this.#render.id },
      });
    return this.#startRender(project);
  }

  // ---- queries -----------------------------------------------------------------------------

  /** `GET /api/project`. */
  projectView(): ProjectResponse {
    return {
      timeline: this.#summary,
      shots: this.#orderedShots().map((s) => this.#toShot(s)),
      audio: [...(this.#project?.audio ?? [])],
      lastError: this.#lastError,
      render: this.#render,
    };
  }

  /** `GET /api/paths`: where things are on this machine (for the Resolve plugin). */
  pathsView(): PathsResponse {
    const media = new Set<string>();
    for (const shot of this.#shots.values())
      for (const take of shot.takes) {
        const file = take.previewFile ?? take.stillFile;
        if (file !== null) media.add(file);
      }
    return {
      timeline: this.#o.timelinePath,
      conformed: this.#conformedFile ?? conformedPathFor(this.#o.timelinePath),
      render: this.#renderFile,
      media: [...media],
    };
  }

  /** `GET /api/shots/:id`. */
  shotView(shotId: string): Shot {
    return this.#toShot(this.#requireShot(shotId));
  }

  /** The engine's record of a shot (the media route reads take files from it). */
  engineShot(shotId: string): EngineShot {
    return this.#requireShot(shotId);
  }

  /** `GET /api/renders/:id` (only the latest render is kept). */
  renderView(renderId: string): RenderState {
    if (this.#render === null || this.#render.id !== renderId)
      throw new LiberoError('API_NOT_FOUND', `no render "${renderId}"`, { details: { renderId } });
    return this.#render;
  }

  /** True once a version was loaded. */
  get loaded(): boolean {
    return this.#project !== null;
  }

  /** Resolves when nothing is loading, queued, generating or rendering (tests, CLI). */
  idle(): Promise<void> {
    if (this.#isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** Cancels all work (service shutdown); finished stages stay in the cache. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#queue = [];
    for (const job of this.#running.values())
      job.controller.abort(abortReason('the service is stopping'));
    this.#renderController?.abort(abortReason('the service is stopping'));
    this.hub.closeAll();
    await this.#conforming;
  }

  // ---- loading -----------------------------------------------------------------------------

  async #loadLoop(): Promise<void> {
    try {
      do {
        this.#loadAgain = false;
        const timeline = this.#timeline as FileVersion;
        const config = this.#config;
        try {
          const project = await this.#o.engine.load({
            timelineText: timeline.text,
            configText: config?.text ?? null,
          });
          if (this.#closed) return;
          this.#apply(project, timeline);
        } catch (error) {
          this.#publishTimelineError(error);
        }
      } while (this.#loadAgain && !this.#closed);
    } finally {
      this.#loading = false;
      this.#checkIdle();
    }
  }

  #apply(project: EngineProject, timeline: FileVersion): void {
    const previous = new Map(this.#shots);
    const first = this.#project === null;
    const wanted = new Map(project.shots.map((s) => [s.id, s]));
    // Cancel only what is no longer wanted: a removed shot, or a shot that now wants other work.
    for (const job of [...this.#running.values()]) {
      const shot = wanted.get(job.shotId);
      const keep =
        shot !== undefined &&
        !shot.needsPrompt &&
        (job.regenerate !== null || shot.workKey === job.workKey);
      if (!keep) this.#cancelShot(job.shotId);
    }
    this.#queue = this.#queue.filter((job) => {
      const shot = wanted.get(job.shotId);
      return (
        shot !== undefined &&
        !shot.needsPrompt &&
        (job.regenerate !== null || shot.workKey === job.workKey)
      );
    });
    this.#project = project;
    this.#shots.clear();
    for (const shot of project.shots) this.#shots.set(shot.id, shot);
    for (const id of [...this.#runtime.keys()]) if (!wanted.has(id)) this.#runtime.delete(id);

    const queuedNow: Job[] = [];
    for (const shot of project.shots) {
      const busy = this.#running.has(shot.id) || this.#queue.some((j) => j.shotId === shot.id);
      if (busy) continue;
      if (shot.needsPrompt) {
        this.#runtime.set(shot.id, runtimeFor('needs-prompt', []));
      } else if (shot.missing.length === 0) {
        this.#runtime.set(shot.id, runtimeFor('done', []));
      } else {
        const before = previous.get(shot.id);
        const reason: QueueReason =
          before === undefined
            ? first && shot.missing.length < STAGES.length
              ? 'resume'
              : 'new'
            : shot.regen > before.regen
              ? 'regen'
              : 'changed';
        queuedNow.push(this.#enqueue(shot, reason, null));
      }
    }
    this.#version += 1;
    this.#lastError = null;
    this.#summary = {
      name: project.name,
      file: basename(timeline.path),
      version: this.#version,
      hash: timeline.hash,
      fps: project.fps,
      durationSeconds: project.durationSeconds,
      loadedAt: this.#at(),
    };
    this.#dirty = true;
    this.#o.log(
      `timeline version ${this.#version} loaded: ${project.shots.length} shots, ${queuedNow.length} queued` +
        queuedNow
          .map((j) => ` [${j.shotId}: ${j.reason} ${this.#wanted(j.shotId).missing.join('+')}]`)
          .join(''),
    );
    this.#publish({
      type: 'timeline.loaded',
      at: this.#at(),
      timeline: this.#summary,
      shots: this.#orderedShots().map((s) => this.#toShot(s)),
    });
    for (const job of queuedNow) this.#publishQueued(job);
    // With auto-render a new version makes a running render stale (a fresh one follows); a render
    // the editor asked for runs to its end.
    if (this.#o.autoRender && this.#render?.status === 'running')
      this.#renderController?.abort(abortReason('a new timeline version arrived'));
    void this.#conform();
    this.#pump();
  }

  #publishTimelineError(error: unknown): void {
    const apiError = toApiError(error, this.#o.redact);
    this.#lastError = apiError;
    this.#o.log(`timeline error: ${apiError.code}: ${apiError.message}`);
    this.#publish({
      type: 'timeline.error',
      at: this.#at(),
      file: basename(this.#o.timelinePath),
      error: apiError,
    });
  }

  // ---- the queue ---------------------------------------------------------------------------

  #enqueue(shot: EngineShot, reason: QueueReason, regenerate: RegenerateRequest | null): Job {
    const job: Job = {
      shotId: shot.id,
      workKey: shot.workKey,
      reason,
      regenerate,
      controller: new AbortController(),
    };
    this.#queue.push(job);
    const stages = regenerate !== null ? [...STAGES] : [...shot.missing];
    this.#runtime.set(shot.id, runtimeFor('queued', stages));
    if (reason === 'api') this.#publishQueued(job);
    return job;
  }

  #publishQueued(job: Job): void {
    const rt = this.#runtime.get(job.shotId);
    const stages = STAGES.filter((s) => rt?.stages.get(s)?.status === 'queued');
    this.#publish({
      type: 'shot.queued',
      at: this.#at(),
      shotId: job.shotId,
      stages,
      reason: job.reason,
    });
  }

  #cancelShot(shotId: string): void {
    this.#queue = this.#queue.filter((j) => j.shotId !== shotId);
    const job = this.#running.get(shotId);
    if (job !== undefined) {
      job.controller.abort(abortReason(`shot "${shotId}" is no longer wanted as it was`));
      this.#running.delete(shotId);
    }
  }

  #pump(): void {
    while (!this.#closed && this.#running.size < this.#o.concurrency && this.#queue.length > 0) {
      const job = this.#queue.shift() as Job;
      this.#running.set(job.shotId, job);
      void this.#run(job);
    }
    this.#checkIdle();
  }

  async #run(job: Job): Promise<void> {
    const rt = this.#runtime.get(job.shotId) ?? runtimeFor('queued', [...STAGES]);
    this.#runtime.set(job.shotId, rt);
    rt.status = 'running';
    let current: StageKind | null = null;
    try {
      const updated = await this.#o.engine.generateShot({
        project: this.#requireProject(),
        shotId: job.shotId,
        regenerate: job.regenerate,
        signal: job.controller.signal,
        onProgress: (stage, fraction) => {
          if (job.controller.signal.aborted) return;
          current = stage;
          const percent = Math.max(0, Math.min(100, Math.floor(fraction * 100)));
          for (const s of STAGES.slice(0, STAGES.indexOf(stage))) {
            const earlier = rt.stages.get(s);
            if (earlier !== undefined && earlier.status !== 'done')
              rt.stages.set(s, { stage: s, status: 'done', percent: 100 });
          }
          const before = rt.stages.get(stage);
          if (before?.status === 'running' && before.percent === percent) return;
          rt.stages.set(stage, { stage, status: 'running', percent });
          this.#publish({
            type: 'shot.progress',
            at: this.#at(),
            shotId: job.shotId,
            stage,
            percent,
          });
        },
      });
      if (job.controller.signal.aborted) return;
      this.#shots.set(job.shotId, updated);
      const done = runtimeFor('done', []);
      this.#runtime.set(job.shotId, done);
      this.#dirty = true;
      this.#publish({
        type: 'shot.done',
        at: this.#at(),
        shotId: job.shotId,
        shot: this.#toShot(updated),
      });
      await this.#conform();
    } catch (error) {
      if (job.controller.signal.aborted || hasCode(error, 'ABORTED')) return;
      const apiError = toApiError(error, this.#o.redact);
      rt.status = 'failed';
      rt.error = apiError;
      rt.failedStage = current;
      if (current !== null)
        rt.stages.set(current, {
          stage: current,
          status: 'failed',
          percent: rt.stages.get(current)?.percent ?? 0,
        });
      this.#o.log(`shot ${job.shotId} failed: ${apiError.code}: ${apiError.message}`);
      this.#publish({
        type: 'shot.failed',
        at: this.#at(),
        shotId: job.shotId,
        stage: current,
        error: apiError,
      });
    } finally {
      if (this.#running.get(job.shotId) === job) this.#running.delete(job.shotId);
      this.#pump();
      this.#maybeAutoRender();
    }
  }

  // ---- conform and render ------------------------------------------------------------------

  #conform(): Promise<void> {
    const next = this.#conforming.then(async () => {
      const project = this.#project;
      if (project === null || this.#closed) return;
      try {
        const file = await this.#o.engine.conform({ project });
        this.#conformedFile = file;
        this.#o.log(`conformed timeline written: ${file}`);
      } catch (error) {
        const apiError = toApiError(error, this.#o.redact);
        this.#lastError = apiError;
        this.#o.log(`conform failed: ${apiError.code}: ${apiError.message}`);
        this.#publish({
          type: 'timeline.error',
          at: this.#at(),
          file: basename(this.#o.timelinePath),
          error: apiError,
        });
      }
    });
    this.#conforming = next;
    return next;
  }

  #maybeAutoRender(): void {
    if (!this.#o.autoRender || this.#closed || !this.#dirty || this.#project === null) return;
    if (this.#running.size > 0 || this.#queue.length > 0 || this.#loading) return;
    if (this.#render?.status === 'running') return;
    const anyUnfinished = [...this.#runtime.values()].some((r) => r.status === 'failed');
    if (anyUnfinished) return;
    this.#startRender(this.#project);
  }

  #startRender(project: EngineProject): RenderState {
    this.#renderSeq += 1;
    this.#dirty = false;
    const id = `render-${this.#renderSeq}`;
    const state: RenderState = {
      id,
      status: 'running',
      percent: 0,
      fileUrl: null,
      error: null,
      startedAt: this.#at(),
    };
    this.#render = state;
    const controller = new AbortController();
    this.#renderController = controller;
    this.#publish({ type: 'render.progress', at: this.#at(), renderId: id, percent: 0 });
    void (async () => {
      try {
        await this.#conforming;
        const file = await this.#o.engine.render({
          project,
          signal: controller.signal,
          onProgress: (fraction) => {
            const percent = Math.max(0, Math.min(100, Math.floor(fraction * 100)));
            if (this.#render !== state || percent === state.percent) return;
            this.#render = { ...state, percent };
            Object.assign(state, { percent });
            this.#publish({ type: 'render.progress', at: this.#at(), renderId: id, percent });
          },
        });
        this.#renderFile = file;
        const fileUrl = servedUrlFor({ file, engine: this.#o.engine }) ?? '';
        this.#render = { ...state, status: 'done', percent: 100, fileUrl };
        this.#publish({ type: 'render.done', at: this.#at(), renderId: id, fileUrl });
      } catch (error) {
        const apiError = toApiError(error, this.#o.redact);
        this.#render = { ...state, status: 'failed', error: apiError };
        this.#publish({ type: 'render.failed', at: this.#at(), renderId: id, error: apiError });
      } finally {
        if (this.#renderController === controller) this.#renderController = null;
        this.#checkIdle();
        this.#maybeAutoRender();
      }
    })();
    return state;
  }

  // ---- views -------------------------------------------------------------------------------

  #currentState(): ServerEvent[] {
    const events: ServerEvent[] = [];
    const at = this.#at();
    if (this.#summary !== null)
      events.push({
        type: 'timeline.loaded',
        at,
        timeline: this.#summary,
        shots: this.#orderedShots().map((s) => this.#toShot(s)),
      });
    if (this.#lastError !== null)
      events.push({
        type: 'timeline.error',
        at,
        file: basename(this.#o.timelinePath),
        error: this.#lastError,
      });
    for (const shot of this.#orderedShots()) {
      const rt = this.#runtime.get(shot.id);
      if (rt === undefined) continue;
      if (rt.status === 'queued')
        events.push({
          type: 'shot.queued',
          at,
          shotId: shot.id,
          stages: STAGES.filter((s) => rt.stages.get(s)?.status === 'queued'),
          reason: this.#queue.find((j) => j.shotId === shot.id)?.reason ?? 'new',
        });
      if (rt.status === 'running')
        for (const s of rt.stages.values())
          if (s.status === 'running')
            events.push({
              type: 'shot.progress',
              at,
              shotId: shot.id,
              stage: s.stage,
              percent: s.percent,
            });
      if (rt.status === 'failed' && rt.error !== null)
        events.push({
          type: 'shot.failed',
          at,
          shotId: shot.id,
          stage: rt.failedStage,
          error: rt.error,
        });
    }
    const render = this.#render;
    if (render !== null) {
      if (render.status === 'running')
        events.push({ type: 'render.progress', at, renderId: render.id, percent: render.percent });
      if (render.status === 'done' && render.fileUrl !== null)
        events.push({ type: 'render.done', at, renderId: render.id, fileUrl: render.fileUrl });
      if (render.status === 'failed' && render.error !== null)
        events.push({ type: 'render.failed', at, renderId: render.id, error: render.error });
    }
    return events;
  }

  #orderedShots(): EngineShot[] {
    return [...this.#shots.values()].sort((a, b) => a.index - b.index);
  }

  #toShot(shot: EngineShot): Shot {
    const rt =
      this.#runtime.get(shot.id) ?? runtimeFor(shot.needsPrompt ? 'needs-prompt' : 'pending', []);
    return {
      id: shot.id,
      name: shot.name,
      index: shot.index,
      prompt: shot.prompt,
      seed: shot.seed,
      motion: shot.motion,
      status: rt.status,
      stages: STAGES.map((s) => rt.stages.get(s) ?? { stage: s, status: 'pending', percent: 0 }),
      takes: shot.takes.map((t) => ({
        id: t.id,
        active: t.id === shot.activeTake,
        prompt: t.prompt,
        seed: t.seed,
        stillUrl:
          t.stillFile === null ? null : servedUrlFor({ file: t.stillFile, engine: this.#o.engine }),
        previewUrl:
          t.previewFile === null
            ? null
            : servedUrlFor({ file: t.previewFile, engine: this.#o.engine }),
        createdAt: t.createdAt,
      })),
      activeTake: shot.activeTake,
      error: rt.error,
    };
  }

  #requireProject(): EngineProject {
    if (this.#project === null)
      throw new LiberoError(
        'API_CONFLICT',
        `no version of ${basename(this.#o.timelinePath)} has loaded yet`,
        {
          details: { file: basename(this.#o.timelinePath) },
        },
      );
    return this.#project;
  }

  #requireShot(shotId: string): EngineShot {
    this.#requireProject();
    const shot = this.#shots.get(shotId);
    if (shot === undefined)
      throw new LiberoError(
        'API_NOT_FOUND',
        `no shot "${shotId}" in ${basename(this.#o.timelinePath)}`,
        {
          details: { shotId },
        },
      );
    return shot;
  }

  #wanted(shotId: string): EngineShot {
    return this.#shots.get(shotId) as EngineShot;
  }

  #publish(event: ServerEvent): void {
    this.hub.publish(event);
  }

  #at(): string {
    return this.#o.now().toISOString();
  }

  #isIdle(): boolean {
    return (
      !this.#loading &&
      this.#running.size === 0 &&
      this.#queue.length === 0 &&
      this.#render?.status !== 'running'
    );
  }

  #checkIdle(): void {
    if (!this.#isIdle()) return;
    for (const resolve of this.#idleWaiters.splice(0)) resolve();
  }
}

function runtimeFor(status: ShotStatus, queued: readonly StageKind[]): ShotRuntime {
  const stages = new Map<StageKind, StageState>();
  for (const stage of STAGES) {
    const s: StageState['status'] =
      status === 'done'
        ? 'done'
        : queued.includes(stage)
          ? 'queued'
          : status === 'queued'
            ? 'done'
            : 'pending';
    stages.set(stage, { stage, status: s, percent: s === 'done' ? 100 : 0 });
  }
  return { status, stages, error: null, failedStage: null };
}

function abortReason(message: string): LiberoError {
  return new LiberoError('ABORTED', message);
}
