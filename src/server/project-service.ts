/**
 * The service's brain: takes each new version of the timeline (from the watcher), has the
 * engine parse and plan it, cancels only the work that is no longer wanted, queues what is
 * missing, writes the conformed timeline after each change, renders when asked (or on its own
 * with auto-render), and publishes every step on the event hub. Keeps the last good version
 * when an export is broken.
 */
import { basename } from 'node:path';
import { LiberoError } from '../shared/index.js';
import type {
  PathsResponse,
  ProjectResponse,
  RegenerateRequest,
  RenderState,
  ServerEvent,
  Shot,
} from './api-contract.js';
import { ConformQueue } from './conform-queue.js';
import { EventHub } from './event-hub.js';
import { toApiError } from './error-response.js';
import type { EngineProject, EngineShot, ProjectEngine } from './project-engine.js';
import { RenderRunner } from './render-runner.js';
import { ServedProject } from './served-project.js';
import { ShotJobs } from './shot-jobs.js';
import type { Job } from './shot-jobs.js';
import { runtimeFor, STAGES } from './shot-runtime.js';
import { decideShot, stillWanted } from './version-decision.js';
import type { FileVersion } from './timeline-watcher.js';
import { VersionLoader } from './version-loader.js';

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
  readonly #served: ServedProject;
  #version = 0;
  readonly #loader: VersionLoader;
  readonly #jobs: ShotJobs;
  readonly #conforms: ConformQueue;
  readonly #renders: RenderRunner;
  #dirty = false;
  #closed = false;
  readonly #idleWaiters: (() => void)[] = [];

  constructor(options: ProjectServiceOptions) {
    this.#o = options;
    this.#served = new ServedProject({
      engine: options.engine,
      timelinePath: options.timelinePath,
    });
    this.hub = new EventHub({ currentState: () => this.#currentState(), redact: options.redact });
    this.#jobs = new ShotJobs({
      engine: options.engine,
      concurrency: options.concurrency,
      runtime: this.#served.runtime,
      project: () => this.#served.requireProject(),
      publish: (event) => this.#publish(event),
      at: () => this.#at(),
      redact: options.redact,
      log: options.log,
      done: async (shot) => {
        this.#served.shots.set(shot.id, shot);
        this.#dirty = true;
        this.#publish({
          type: 'shot.done',
          at: this.#at(),
          shotId: shot.id,
          shot: this.#served.toShot(shot),
        });
        await this.#conform();
      },
      settled: () => {
        this.#runRequests();
        this.#checkIdle();
        this.#maybeAutoRender();
      },
    });
    this.#loader = new VersionLoader({
      engine: options.engine,
      truncatedGraceMs: options.truncatedGraceMs,
      closed: () => this.#closed,
      apply: (project, timeline) => this.#apply(project, timeline),
      error: (error) => this.#publishTimelineError(error),
      changed: () => this.#checkIdle(),
    });
    this.#conforms = new ConformQueue({
      engine: options.engine,
      project: () => (this.#closed ? null : this.#served.project),
      written: (file) => {
        this.#served.conformedFile = file;
        this.#o.log(`conformed timeline written: ${file}`);
      },
      failed: (error) => this.#publishTimelineError(error, 'conform failed'),
    });
    this.#renders = new RenderRunner({
      engine: options.engine,
      publish: (event) => this.#publish(event),
      at: () => this.#at(),
      redact: options.redact,
      before: () => this.#conforms.settled,
      settled: () => {
        this.#checkIdle();
        this.#maybeAutoRender();
      },
    });
  }

  // ---- inputs ------------------------------------------------------------------------------

  /** A new version of the timeline or of libero.json, read once by the watcher. */
  acceptVersion(version: FileVersion): void {
    this.#loader.accept(version);
  }

  /** A watcher failure (file missing, unreadable): published like a broken export. */
  reportWatchError(error: LiberoError): void {
    this.#publishTimelineError(error);
  }

  /** `POST /api/shots/:id/regenerate`: one new take of that shot, now. */
  regenerate(shotId: string, request: RegenerateRequest): Shot {
    const shot = this.#served.requireShot(shotId);
    if (shot.needsPrompt && request.prompt === undefined)
      throw new LiberoError(
        'API_CONFLICT',
        `shot "${shotId}" has no prompt yet; send one with the request`,
        {
          details: { shotId },
        },
      );
    // Stored before it is acknowledged: a restarted service still makes this take.
    const stored = this.#o.engine.addRequest({
      project: this.#served.requireProject(),
      shotId,
      source: 'api',
      regenerate: request,
    });
    this.#jobs.cancel(shotId, `shot "${shotId}" is regenerated from the API`);
    this.#jobs.enqueue({ shot, reason: 'api', request: stored, urgent: true });
    const queued = this.#served.toShot(shot);
    this.#jobs.pump();
    return queued;
  }

  /** `POST /api/shots/:id/take`: makes a take active and rewrites the conformed timeline. */
  async chooseTake(shotId: string, takeId: string): Promise<Shot> {
    const shot = this.#served.requireShot(shotId);
    if (!shot.takes.some((t) => t.id === takeId))
      throw new LiberoError('API_NOT_FOUND', `shot "${shotId}" has no take "${takeId}"`, {
        details: { shotId, takeId, takes: shot.takes.map((t) => t.id) },
      });
    const project = this.#served.requireProject();
    const updated = await this.#o.engine.chooseTake({ project, shotId, takeId });
    this.#served.shots.set(shotId, updated);
    this.#publish({
      type: 'shot.done',
      at: this.#at(),
      shotId,
      shot: this.#served.toShot(updated),
    });
    this.#dirty = true;
    await this.#conform();
    return this.#served.toShot(updated);
  }

  /** `POST /api/renders`: renders the conformed timeline; progress on the socket. */
  startRender(): RenderState {
    const project = this.#served.requireProject();
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
    return this.#served.projectView(this.#renders.state);
  }

  /** `GET /api/paths`: where things are on this machine (for the Resolve plugin). */
  pathsView(): PathsResponse {
    return this.#served.pathsView(this.#renders.file);
  }

  /** `GET /api/shots/:id`. */
  shotView(shotId: string): Shot {
    return this.#served.toShot(this.#served.requireShot(shotId));
  }

  /** The engine's record of a shot (the media route reads take files from it). */
  engineShot(shotId: string): EngineShot {
    return this.#served.requireShot(shotId);
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
    return this.#served.project !== null;
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
    await this.#conforms.settled;
  }

  // ---- loading -----------------------------------------------------------------------------

  #apply(project: EngineProject, timeline: FileVersion): void {
    const previous = new Map(this.#served.shots);
    const first = this.#served.project === null;
    const wanted = new Map(project.shots.map((s) => [s.id, s]));
    // Cancel only what is no longer wanted: a removed shot, or a shot that now wants other work.
    this.#jobs.retain((job) =>
      stillWanted(
        {
          workKey: job.workKey,
          // a request made its own plan (API, regen marker): wanted while its shot is in the cut
          fromApi: job.request !== null && job.request.source !== 'new-shot',
        },
        wanted.get(job.shotId),
      ),
    );
    this.#served.project = project;
    this.#served.shots.clear();
    for (const shot of project.shots) this.#served.shots.set(shot.id, shot);
    for (const id of [...this.#served.runtime.keys()])
      if (!wanted.has(id)) this.#served.runtime.delete(id);

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
            // a shot dropped into a cut the service already had is a stored request
            request:
              decision.reason === 'new' && !first
                ? this.#o.engine.addRequest({
                    project,
                    shotId: shot.id,
                    source: 'new-shot',
                    regenerate: null,
                  })
                : null,
            // A regen marker, or a shot dropped into a cut the service already had.
            urgent: decision.reason === 'regen' || (decision.reason === 'new' && !first),
          }),
        );
      else this.#served.runtime.set(shot.id, runtimeFor(decision.kind, []));
    }
    this.#version += 1;
    this.#served.lastError = null;
    this.#served.summary = {
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
          .map(
            (j) => ` [${j.shotId}: ${j.reason} ${this.#served.wanted(j.shotId).missing.join('+')}]`,
          )
          .join(''),
    );
    this.#publish({
      type: 'timeline.loaded',
      at: this.#at(),
      timeline: this.#served.summary,
      shots: this.#served.ordered().map((s) => this.#served.toShot(s)),
      offline: [...project.offline],
    });
    for (const job of queuedNow) this.#jobs.announce(job);
    // With auto-render a new version makes a running render stale (a fresh one follows); a render
    // the editor asked for runs to its end.
    if (this.#o.autoRender && this.#renders.running)
      this.#renders.abort('a new timeline version arrived');
    void this.#conform();
    this.#runRequests();
    this.#checkIdle();
  }

  /** A broken export, a watcher failure or a failed conform: the panel shows it. */
  #publishTimelineError(error: unknown, what = 'timeline error'): void {
    const apiError = toApiError(error, this.#o.redact);
    this.#served.lastError = apiError;
    this.#o.log(`${what}: ${apiError.code}: ${apiError.message}`);
    this.#publish({
      type: 'timeline.error',
      at: this.#at(),
      file: basename(this.#o.timelinePath),
      error: apiError,
    });
  }

  // ---- conform and render ------------------------------------------------------------------

  #conform(): Promise<void> {
    return this.#conforms.conform();
  }

  /**
   * Queues a job for every stored request still waiting for its take (after a restart, or one
   * whose job a newer version cancelled), one job per shot at a time; requests whose take exists
   * are marked done on the way.
   */
  #runRequests(): void {
    const project = this.#served.project;
    if (this.#closed || project === null) return;
    for (const request of this.#o.engine.pendingRequests({ project })) {
      const shot = this.#served.shots.get(request.shotId);
      if (shot === undefined || shot.needsPrompt || this.#jobs.busy(shot.id)) continue;
      const reason =
        request.source === 'api' ? 'api' : request.source === 'marker' ? 'regen' : 'new';
      const job = this.#jobs.enqueue({ shot, reason, request, urgent: true });
      if (reason !== 'api') this.#jobs.announce(job);
    }
    this.#jobs.pump();
  }

  #maybeAutoRender(): void {
    if (!this.#o.autoRender || this.#closed || !this.#dirty || this.#served.project === null)
      return;
    if (!this.#jobs.idle || this.#loader.loading) return;
    if (this.#renders.running) return;
    const anyUnfinished = [...this.#served.runtime.values()].some((r) => r.status === 'failed');
    if (anyUnfinished) return;
    this.#dirty = false;
    this.#renders.start(this.#served.project);
  }

  // ---- views -------------------------------------------------------------------------------

  #currentState(): ServerEvent[] {
    return this.#served.currentState({
      at: this.#at(),
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
    return !this.#loader.busy && this.#jobs.idle && !this.#renders.running;
  }

  #checkIdle(): void {
    if (!this.#isIdle()) return;
    for (const resolve of this.#idleWaiters.splice(0)) resolve();
  }
}
