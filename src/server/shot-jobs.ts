/**
 * The service's shot queue: queued and running generation jobs, `concurrency` at a time (the
 * generator's own: a pool sees every shot at once and batches them), one per shot. A job the
 * editor asked for (an API or marker regenerate, a newly dropped shot) is urgent: it goes before
 * the other queued jobs, and the engine asks the generator to put its stages first. Each job has
 * its own AbortController, so a new version can cancel exactly the shots it no longer wants. Progress, success and failure become `shot.*` events; a cancelled job
 * ends silently (the version that cancelled it decides what happens next).
 */
import { LiberoError, hasCode } from '../shared/index.js';
import type { ServerEvent, StageKind } from './api-contract.js';
import { toApiError } from './error-response.js';
import type {
  EngineProject,
  EngineRequest,
  EngineShot,
  EngineStandIn,
  ProjectEngine,
} from './project-engine.js';
import { markFailed, markProgress, runtimeFor, STAGES, standInView } from './shot-runtime.js';
import type { ShotRuntime } from './shot-runtime.js';
import type { QueueReason } from './version-decision.js';

/** One shot's generation, queued or running. */
export interface Job {
  readonly shotId: string;
  readonly workKey: string;
  readonly reason: QueueReason;
  /** The stored request this job answers; null for the timeline's own wish. */
  readonly request: EngineRequest | null;
  /** The editor just asked for this shot: it goes first, here and in the generator. */
  readonly urgent: boolean;
  readonly controller: AbortController;
}

/** Options for {@link ShotJobs.enqueue}. */
export interface EnqueueOptions {
  readonly shot: EngineShot;
  readonly reason: QueueReason;
  /** The stored request the job answers (API, regen marker, new shot); null: the timeline's wish. */
  readonly request: EngineRequest | null;
  readonly urgent: boolean;
}

/** Options for {@link ShotJobs}. */
export interface ShotJobsOptions {
  readonly engine: ProjectEngine;
  readonly concurrency: number;
  /** Per-shot runtime state, shared with the service's views. */
  readonly runtime: Map<string, ShotRuntime>;
  /** The project version a starting job generates from. */
  readonly project: () => EngineProject;
  readonly publish: (event: ServerEvent) => void;
  readonly at: () => string;
  readonly redact: (text: string) => string;
  readonly log: (line: string) => void;
  /** A job finished: the service records the shot, announces it and conforms. */
  readonly done: (shot: EngineShot) => Promise<void>;
  /** A job ended (however); the queue moved on. */
  readonly settled: () => void;
}

/** Queued and running jobs. */
export class ShotJobs {
  readonly #o: ShotJobsOptions;
  readonly #running = new Map<string, Job>();
  #queue: Job[] = [];
  #closed = false;

  constructor(options: ShotJobsOptions) {
    this.#o = options;
  }

  /** True when nothing is queued or running. */
  get idle(): boolean {
    return this.#running.size === 0 && this.#queue.length === 0;
  }

  /** True when the shot has a job queued or running. */
  busy(shotId: string): boolean {
    return this.#running.has(shotId) || this.#queue.some((j) => j.shotId === shotId);
  }

  /** Why the shot is queued, or null when it is not. */
  queuedReason(shotId: string): QueueReason | null {
    return this.#queue.find((j) => j.shotId === shotId)?.reason ?? null;
  }

  /**
   * Queues a shot (its stage bars show what will run); an API job is announced at once. An urgent
   * job goes after the urgent jobs already queued, before all others.
   */
  enqueue(options: EnqueueOptions): Job {
    const { shot, reason, request, urgent } = options;
    const job: Job = {
      shotId: shot.id,
      workKey: shot.workKey,
      reason,
      request,
      urgent,
      controller: new AbortController(),
    };
    const firstCalm = this.#queue.findIndex((j) => !j.urgent);
    if (urgent && firstCalm >= 0) this.#queue.splice(firstCalm, 0, job);
    else this.#queue.push(job);
    this.#o.runtime.set(
      shot.id,
      runtimeFor('queued', request !== null ? [...STAGES] : [...shot.missing]),
    );
    if (reason === 'api') this.announce(job);
    return job;
  }

  /** Publishes `shot.queued` for a job. */
  announce(job: Job): void {
    const rt = this.#o.runtime.get(job.shotId);
    const stages = STAGES.filter((s) => rt?.stages.get(s)?.status === 'queued');
    this.#o.publish({
      type: 'shot.queued',
      at: this.#o.at(),
      shotId: job.shotId,
      stages,
      reason: job.reason,
    });
  }

  /** Drops the shot's queued job and cancels its running one. */
  cancel(shotId: string, why: string): void {
    this.#queue = this.#queue.filter((j) => j.shotId !== shotId);
    const job = this.#running.get(shotId);
    if (job === undefined) return;
    job.controller.abort(new LiberoError('ABORTED', why));
    this.#running.delete(shotId);
  }

  /** Keeps only the jobs `wanted` accepts; the others are cancelled. */
  retain(wanted: (job: Job) => boolean): void {
    for (const job of [...this.#running.values()])
      if (!wanted(job))
        this.cancel(job.shotId, `shot "${job.shotId}" is no longer wanted as it was`);
    this.#queue = this.#queue.filter(wanted);
  }

  /** Starts queued jobs up to the concurrency. */
  pump(): void {
    while (!this.#closed && this.#running.size < this.#o.concurrency && this.#queue.length > 0) {
      const job = this.#queue.shift() as Job;
      this.#running.set(job.shotId, job);
      void this.#run(job);
    }
  }

  /** Cancels everything (service shutdown). */
  close(why: string): void {
    this.#closed = true;
    this.#queue = [];
    for (const job of this.#running.values()) job.controller.abort(new LiberoError('ABORTED', why));
  }

  async #run(job: Job): Promise<void> {
    const { runtime, publish, at } = this.#o;
    const rt = runtime.get(job.shotId) ?? runtimeFor('queued', [...STAGES]);
    runtime.set(job.shotId, rt);
    rt.status = 'running';
    let current: StageKind | null = null;
    let degraded: EngineStandIn | null = null;
    try {
      const updated = await this.#o.engine.generateShot({
        project: this.#o.project(),
        shotId: job.shotId,
        request: job.request,
        urgent: job.urgent,
        signal: job.controller.signal,
        onProgress: (stage, fraction) => {
          if (job.controller.signal.aborted) return;
          current = stage;
          const percent = Math.max(0, Math.min(100, Math.floor(fraction * 100)));
          if (markProgress(rt, stage, percent))
            publish({ type: 'shot.progress', at: at(), shotId: job.shotId, stage, percent });
        },
        onTakeQc: (take, qc) => {
          if (job.controller.signal.aborted) return;
          publish({ type: 'take.qc', at: at(), shotId: job.shotId, take, qc });
        },
        onDegraded: (standIn) => {
          degraded = standIn;
        },
      });
      if (job.controller.signal.aborted) return;
      runtime.set(job.shotId, runtimeFor('done', []));
      await this.#o.done(updated);
    } catch (error) {
      if (job.controller.signal.aborted || hasCode(error, 'ABORTED')) return;
      const apiError = toApiError(error, this.#o.redact);
      markFailed(rt, current, apiError);
      rt.degraded = degraded;
      this.#o.log(`shot ${job.shotId} failed: ${apiError.code}: ${apiError.message}`);
      publish({
        type: 'shot.failed',
        at: at(),
        shotId: job.shotId,
        stage: current,
        error: apiError,
        degraded: degraded === null ? null : standInView(degraded, this.#o.engine),
      });
    } finally {
      if (this.#running.get(job.shotId) === job) this.#running.delete(job.shotId);
      this.pump();
      this.#o.settled();
    }
  }
}
