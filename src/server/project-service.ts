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
  TimelineSummary,
} from './api-contract.js';
import { EventHub } from './event-hub.js';
import { toApiError } from './error-response.js';
import type { EngineProject, EngineShot, ProjectEngine } from './project-engine.js';
import { currentStateEvents } from './current-state.js';
import { RenderRunner } from './render-runner.js';
import { ShotJobs } from './shot-jobs.js';
import type { Job } from './shot-jobs.js';
import { runtimeFor, STAGES, toShotView } from './shot-runtime.js';
import { decideShot, stillWanted } from './version-decision.js';
import type { ShotRuntime } from './shot-runtime.js';
import { conformedPathFor } from './timeline-watcher.js';
import type { FileVersion } from './timeline-watcher.js';

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
  /** How long a version that is not valid JSON may still be a save in progress (ms). */
  readonly truncatedGraceMs: number;
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
  readonly #jobs: ShotJobs;
  #conforming: Promise<void> = Promise.resolve();
  readonly #renders: RenderRunner;
  #conformedFile: string | null = null;
  #dirty = false;
  #pendingErrors = 0;
  #closed = false;
  readonly #idleWaiters: (() => void)[] = [];

  constructor(options: ProjectServiceOptions) {
    this.#o = options;
    this.hub = new EventHub({ currentState: () => this.#currentState(), redact: options.redact });
    this.#jobs = new ShotJobs({
      engine: options.engine,
      concurrency: options.concurrency,
      runtime: this.#runtime,
      project: () => this.#requireProject(),
      publish: (event) => this.#publish(event),
      at: () => this.#at(),
      redact: options.redact,
      log: options.log,
      done: async (shot) => {
        this.#shots.set(shot.id, shot);
        this.#dirty = true;
        this.#publish({
          type: 'shot.done',
          at: this.#at(),
          shotId: shot.id,
          shot: this.#toShot(shot),
        });
        await this.#conform();
      },
      settled: () => {
        this.#checkIdle();
        this.#maybeAutoRender();
      },
    });
    this.#renders = new RenderRunner({
      engine: options.engine,
      publish: (event) => this.#publish(event),
      at: () => this.#at(),
      redact: options.redact,
      before: () => this.#conforming,
      settled: () => {
        this.#checkIdle();
        this.#maybeAutoRender();
      },
    });
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
    this.#jobs.cancel(shotId, `shot "${shotId}" is regenerated from the API`);
    this.#jobs.enqueue({ shot, reason: 'api', regenerate: request, urgent: true });
    const queued = this.#toShot(shot);
    this.#jobs.pump();
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
    const current = this.#renders.state;
    if (current?.status === 'running')
      throw new LiberoError('API_CONFLICT', `render ${current.id} is still running`, {
        details: { renderId: current.id },
      });
    this.#dirty = false;
    return this.#renders.start(project);
  }

  // ---- queries -----------------------------------------------------------------------------

  /** `GET /api/project`. */
  projectView(): ProjectResponse {
    return {
      timeline: this.#summary,
      shots: this.#orderedShots().map((s) => this.#toShot(s)),
      audio: [...(this.#project?.audio ?? [])],
      lastError: this.#lastError,
      render: this.#renders.state,
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
      render: this.#renders.file,
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
    const render = this.#renders.state;
    if (render === null || render.id !== renderId)
      throw new LiberoError('API_NOT_FOUND', `no render "${renderId}"`, { details: { renderId } });
    return render;
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
    this.#jobs.close('the service is stopping');
    this.#renders.abort('the service is stopping');
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
          this.#reportLoadError(error, timeline);
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
    // Cancel only what is no longer wanted: a removed shot, or a shot that now wants other work.
    this.#jobs.retain((job) =>
      stillWanted(
        { workKey: job.workKey, fromApi: job.regenerate !== null },
        wanted.get(job.shotId),
      ),
    );
    this.#project = project;
    this.#shots.clear();
    for (const shot of project.shots) this.#shots.set(shot.id, shot);
    for (const id of [...this.#runtime.keys()]) if (!wanted.has(id)) this.#runtime.delete(id);

    const queuedNow: Job[] = [];
    for (const shot of project.shots) {
      if (this.#jobs.busy(shot.id)) continue;
      const decision = decideShot({
        shot,
        before: previous.get(shot.id),
        first,
        stageCount: STAGES.length,
      });
      if (decision.kind === 'queue')
        queuedNow.push(
          this.#jobs.enqueue({
            shot,
            reason: decision.reason,
            regenerate: null,
            // A regen marker, or a shot dropped into a cut the service already had.
            urgent: decision.reason === 'regen' || (decision.reason === 'new' && !first),
          }),
        );
      else this.#runtime.set(shot.id, runtimeFor(decision.kind, []));
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
    for (const job of queuedNow) this.#jobs.announce(job);
    // With auto-render a new version makes a running render stale (a fresh one follows); a render
    // the editor asked for runs to its end.
    if (this.#o.autoRender && this.#renders.running)
      this.#renders.abort('a new timeline version arrived');
    void this.#conform();
    this.#jobs.pump();
    this.#checkIdle();
  }

  /**
   * A version that is not even JSON may be a save still being written by a slow writer: its
   * error waits `truncatedGraceMs`, and is dropped when a newer version arrives meanwhile.
   * Every other error is published at once.
   */
  #reportLoadError(error: unknown, timeline: FileVersion): void {
    if (!hasCode(error, 'TIMELINE_INVALID_JSON') || this.#o.truncatedGraceMs <= 0) {
      this.#publishTimelineError(error);
      return;
    }
    this.#pendingErrors += 1;
    setTimeout(() => {
      this.#pendingErrors -= 1;
      if (this.#timeline === timeline && !this.#closed) this.#publishTimelineError(error);
      this.#checkIdle();
    }, this.#o.truncatedGraceMs);
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
    if (!this.#jobs.idle || this.#loading) return;
    if (this.#renders.running) return;
    const anyUnfinished = [...this.#runtime.values()].some((r) => r.status === 'failed');
    if (anyUnfinished) return;
    this.#dirty = false;
    this.#renders.start(this.#project);
  }

  // ---- views -------------------------------------------------------------------------------

  #orderedShots(): EngineShot[] {
    return [...this.#shots.values()].sort((a, b) => a.index - b.index);
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

  #toShot(shot: EngineShot): Shot {
    return toShotView({ shot, runtime: this.#runtime.get(shot.id), roots: this.#o.engine });
  }

  #currentState(): ServerEvent[] {
    const shots = this.#orderedShots().map((s) => this.#toShot(s));
    return currentStateEvents({
      at: this.#at(),
      file: basename(this.#o.timelinePath),
      summary: this.#summary,
      lastError: this.#lastError,
      shots,
      runtime: this.#runtime,
      queuedReason: (id) => this.#jobs.queuedReason(id),
      render: this.#renders.state,
    });
  }

  #publish(event: ServerEvent): void {
    this.hub.publish(event);
  }

  #at(): string {
    return this.#o.now().toISOString();
  }

  #isIdle(): boolean {
    return !this.#loading && this.#pendingErrors === 0 && this.#jobs.idle && !this.#renders.running;
  }

  #checkIdle(): void {
    if (!this.#isIdle()) return;
    for (const resolve of this.#idleWaiters.splice(0)) resolve();
  }
}
