/**
 * A pool of generator hosts behind the GeneratorBackend port. Every `run` call waits in one
 * queue; whenever a host is idle, {@link assignStages} picks what it runs next (editor's shots
 * first, the host's loaded model, stage-major). A host that goes away (unreachable, hung,
 * restarted) is taken out and checked until it answers again, and its stage moves to another
 * host: no shot is lost. The runner should submit every shot at once (concurrency = number of
 * shots) so the pool sees the whole batch.
 */
import { isLiberoError, LiberoError } from '../../shared/index.js';
import type {
  GeneratorBackend,
  RunStageOptions,
  StageRequest,
  StageResult,
} from '../generator-backend.js';
import { assignStages } from './assign-stages.js';
import type { WaitingStage } from './assign-stages.js';
import { hostSuspect, retryPolicy } from './retry-policy.js';

/** Something worth a log line. */
export type PoolEvent =
  | { readonly type: 'host-down'; readonly host: string; readonly reason: string }
  | { readonly type: 'host-up'; readonly host: string }
  | {
      readonly type: 'stage-started';
      readonly host: string;
      readonly shotId: string;
      readonly stage: string;
    }
  | {
      readonly type: 'stage-moved';
      readonly from: string;
      readonly shotId: string;
      readonly stage: string;
      readonly reason: string;
    };

/** Options for {@link HostPool}. */
export interface HostPoolOptions {
  readonly hosts: readonly string[];
  /** Runs one stage on one host. */
  readonly runOnHost: (
    host: string,
    request: StageRequest,
    options: RunStageOptions,
  ) => Promise<StageResult>;
  /** The model family a request's template keeps on the GPU. */
  readonly modelSetOf: (request: StageRequest) => string;
  /** The expected size of a request's work (frames), for heaviest-first; 0 when unknown. */
  readonly weightOf: (request: StageRequest) => number;
  /** Liveness check of a host that went away. */
  readonly ping: (host: string) => Promise<boolean>;
  /** Called when a host answers again (forget what was cached about it). */
  readonly onHostBack: ((host: string) => void) | null;
  readonly onEvent: ((event: PoolEvent) => void) | null;
  /** Tries per stage across hosts. */
  readonly maxAttempts: number;
  /** How often a host that went away is checked. */
  readonly recheckMs: number;
  /** Stages fail with COMFY_NO_HOST when no host has answered for this long. */
  readonly noHostTimeoutMs: number;
  /**
   * How long the pool waits for more requests before deciding (a shot's next stage arrives a
   * moment after its previous one finished; the editor's shot a moment after the batch).
   */
  readonly batchWindowMs: number;
  /** Stages handed to one host at once: 2 queues the next behind the running one. */
  readonly slotsPerHost: number;
  /**
   * How long a host that lacked a template's nodes or models is passed over for it before it
   * is tried again (a model still downloading, a node pack being installed); default 60 s.
   */
  readonly lacksRecheckMs?: number;
}

interface HostState {
  readonly url: string;
  up: boolean;
  /** Stages handed to the host and not finished (at most `slotsPerHost`). */
  running: Job[];
  loadedModelSet: string | null;
  /** Template -> when the host was found lacking it, and the error that said so. */
  readonly lacks: Map<string, { readonly since: number; readonly error: unknown }>;
  downSince: number | null;
  lastError: string;
}

interface Job {
  readonly id: number;
  readonly request: StageRequest;
  readonly options: RunStageOptions;
  readonly modelSet: string;
  readonly excluded: Set<string>;
  attempts: number;
  readonly resolve: (result: StageResult) => void;
  readonly reject: (error: unknown) => void;
  readonly errors: string[];
}

/**
 * A host's refusal of a template (met by another shot's stage), told for the shot whose stage
 * it now fails: same code and facts, the message and `details.shotId` naming this shot.
 */
function refusalFor(error: unknown, shotId: string): unknown {
  if (!isLiberoError(error)) return error;
  const was = error.details['shotId'];
  if (typeof was !== 'string' || was === shotId) return error;
  const message = error.message.includes(`for shot ${was}:`)
    ? error.message.replace(`for shot ${was}:`, `for shot ${shotId}:`)
    : `shot ${shotId}: ${error.message}`;
  return new LiberoError(error.code, message, {
    details: { ...error.details, shotId },
    cause: error,
  });
}

/** The host-aware scheduler and pool (see the file comment). */
export class HostPool implements GeneratorBackend {
  readonly name = 'comfyui';
  private readonly options: HostPoolOptions;
  private readonly hosts: HostState[];
  private waiting: Job[] = [];
  private nextId = 1;
  private readonly priorityShots = new Set<string>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private dispatchTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly watched = new Map<AbortSignal, Set<Job>>();

  constructor(options: HostPoolOptions) {
    if (options.hosts.length === 0) {
      throw new LiberoError('COMFY_NO_HOST', 'the ComfyUI pool was given no host.');
    }
    this.options = options;
    this.hosts = options.hosts.map((url) => ({
      url,
      up: true,
      running: [],
      loadedModelSet: null,
      lacks: new Map(),
      downSince: null,
      lastError: '',
    }));
  }

  /**
   * The shots the editor just asked for: their stages go before any other. Each call replaces
   * the previous ask, so a long-running service does not keep every shot it ever regenerated
   * ahead of later batches.
   */
  prioritize(shotIds: readonly string[]): void {
    this.priorityShots.clear();
    for (const id of shotIds) this.priorityShots.add(id);
    this.dispatch();
  }

  /** What the pool knows about its hosts (for `doctor` and the service). */
  hostStates(): Array<{ url: string; up: boolean; busy: boolean; loadedModelSet: string | null }> {
    return this.hosts.map(({ url, up, running, loadedModelSet }) => ({
      url,
      up,
      busy: running.length > 0,
      loadedModelSet,
    }));
  }

  /** Stops the recheck timer (waiting stages are rejected with ABORTED). */
  close(): void {
    if (this.timer !== null) clearInterval(this.timer);
    if (this.dispatchTimer !== null) clearTimeout(this.dispatchTimer);
    this.timer = null;
    this.dispatchTimer = null;
    for (const job of this.waiting)
      job.reject(new LiberoError('ABORTED', 'the ComfyUI pool was closed.'));
    this.waiting = [];
  }

  run(request: StageRequest, options: RunStageOptions): Promise<StageResult> {
    return new Promise<StageResult>((resolve, reject) => {
      if (options.signal?.aborted === true) {
        reject(
          new LiberoError(
            'ABORTED',
            `the ${request.stage} of shot ${request.shotId} was cancelled.`,
          ),
        );
        return;
      }
      const job: Job = {
        id: this.nextId++,
        request,
        options,
        modelSet: this.options.modelSetOf(request),
        excluded: new Set(),
        attempts: 0,
        resolve: (result) => {
          this.watched.get(options.signal as AbortSignal)?.delete(job);
          resolve(result);
        },
        reject: (error) => {
          this.watched.get(options.signal as AbortSignal)?.delete(job);
          reject(error);
        },
        errors: [],
      };
      this.watch(options.signal, job);
      this.waiting.push(job);
      this.dispatch();
    });
  }

  /**
   * One abort listener per signal, not per stage (a run hands hundreds of stages the same
   * signal): on abort, every stage of that signal still waiting is dropped with ABORTED.
   * Running stages see the signal themselves and stop their own prompts.
   */
  private watch(signal: AbortSignal | null, job: Job): void {
    if (signal === null) return;
    const jobs = this.watched.get(signal);
    if (jobs !== undefined) {
      jobs.add(job);
      return;
    }
    this.watched.set(signal, new Set([job]));
    signal.addEventListener(
      'abort',
      () => {
        const dropped = this.watched.get(signal) ?? new Set<Job>();
        this.watched.delete(signal);
        for (const j of dropped) {
          if (!this.waiting.includes(j)) continue;
          this.waiting = this.waiting.filter((w) => w !== j);
          j.reject(
            new LiberoError(
              'ABORTED',
              `the ${j.request.stage} of shot ${j.request.shotId} was cancelled.`,
            ),
          );
        }
      },
      { once: true },
    );
  }

  /** Decides after the batch window, so requests arriving together are seen together. */
  private dispatch(): void {
    if (this.dispatchTimer !== null) return;
    this.dispatchTimer = setTimeout(() => {
      this.dispatchTimer = null;
      this.decide();
    }, this.options.batchWindowMs);
  }

  /** The templates a host lacked recently enough not to try it again yet. */
  private lacking(host: HostState): Set<string> {
    const now = Date.now();
    const within = this.options.lacksRecheckMs ?? 60_000;
    return new Set(
      [...host.lacks].filter(([, l]) => now - l.since < within).map(([template]) => template),
    );
  }

  private decide(): void {
    // A stage no host can run (each lacks its template, recently) fails now, with what a host
    // said, instead of waiting for a host that will never take it.
    for (const job of [...this.waiting]) {
      const lacking = this.hosts.map((h) => h.lacks.get(job.request.template));
      if (this.hosts.every((h) => this.lacking(h).has(job.request.template))) {
        this.waiting = this.waiting.filter((j) => j !== job);
        job.reject(refusalFor(lacking.find((l) => l !== undefined)?.error, job.request.shotId));
      }
    }
    const waiting: WaitingStage[] = this.waiting.map((job) => ({
      id: job.id,
      shotId: job.request.shotId,
      stage: job.request.stage,
      template: job.request.template,
      modelSet: job.modelSet,
      priority: this.priorityShots.has(job.request.shotId) ? 1 : 0,
      weight: this.options.weightOf(job.request),
      excludedHosts: job.excluded,
    }));
    // Each pass gives every host with a free slot at most one stage; a host's second slot
    // queues the next stage behind the running one, so the GPU never waits for uploads.
    for (;;) {
      const idle = this.hosts
        .filter((h) => h.up && h.running.length < this.options.slotsPerHost)
        .map((h) => {
          const last = h.running.at(-1);
          return {
            url: h.url,
            // What the GPU will hold when the new stage starts: the model of the one ahead.
            loadedModelSet: last?.modelSet ?? h.loadedModelSet,
            lacks: this.lacking(h),
            // Behind the editor's shot, only the editor's shots (they run back to back).
            onlyPriority: h.running.some((j) => this.priorityShots.has(j.request.shotId)),
          };
        });
      const assignments = assignStages({
        waiting: waiting.filter((w) => this.waiting.some((j) => j.id === w.id)),
        idle,
        earlierFirst: this.hosts.length > 1,
      });
      if (assignments.length === 0) break;
      for (const assignment of assignments) {
        const host = this.hosts.find((h) => h.url === assignment.host);
        const job = this.waiting.find((j) => j.id === assignment.stageId);
        if (host === undefined || job === undefined) continue;
        this.waiting = this.waiting.filter((j) => j !== job);
        this.start(host, job);
      }
    }
    this.ensureTimer();
  }

  private start(host: HostState, job: Job): void {
    host.running.push(job);
    job.attempts += 1;
    this.options.onEvent?.({
      type: 'stage-started',
      host: host.url,
      shotId: job.request.shotId,
      stage: job.request.stage,
    });
    this.options
      .runOnHost(host.url, job.request, job.options)
      .then(
        (result) => {
          host.loadedModelSet = job.modelSet;
          job.resolve(result);
        },
        (error: unknown) => this.failed(host, job, error),
      )
      .finally(() => {
        host.running = host.running.filter((j) => j !== job);
        this.dispatch();
      });
  }

  private failed(host: HostState, job: Job, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    job.errors.push(message);
    const decision = retryPolicy(error);
    if (decision === 'fail' || job.options.signal?.aborted === true) {
      job.reject(error);
      return;
    }
    if (hostSuspect(error)) this.markDown(host, message);
    else host.loadedModelSet = null;
    if (decision === 'lacks') {
      host.lacks.set(job.request.template, { since: Date.now(), error });
      if (this.hosts.every((h) => this.lacking(h).has(job.request.template))) {
        job.reject(error);
        return;
      }
    } else {
      job.excluded.add(host.url);
      // Every host tried: let them all be tried again (one host that restarted, say).
      if (this.hosts.every((h) => job.excluded.has(h.url))) job.excluded.clear();
    }
    if (job.attempts >= this.options.maxAttempts) {
      job.reject(error);
      return;
    }
    this.options.onEvent?.({
      type: 'stage-moved',
      from: host.url,
      shotId: job.request.shotId,
      stage: job.request.stage,
      reason: message,
    });
    this.waiting.push(job);
  }

  private markDown(host: HostState, reason: string): void {
    if (!host.up) return;
    host.up = false;
    host.loadedModelSet = null;
    host.downSince = Date.now();
    host.lastError = reason;
    this.options.onEvent?.({ type: 'host-down', host: host.url, reason });
  }

  private ensureTimer(): void {
    const needed = this.hosts.some((h) => !h.up) && this.waiting.length > 0;
    if (needed && this.timer === null) {
      this.timer = setInterval(() => void this.recheck(), this.options.recheckMs);
    } else if (!needed && this.timer !== null) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }

  private async recheck(): Promise<void> {
    for (const host of this.hosts.filter((h) => !h.up)) {
      if (await this.options.ping(host.url).catch(() => false)) {
        host.up = true;
        host.downSince = null;
        host.lacks.clear();
        this.options.onHostBack?.(host.url);
        this.options.onEvent?.({ type: 'host-up', host: host.url });
      }
    }
    const now = Date.now();
    const allDownSince = this.hosts.every((h) => !h.up)
      ? Math.max(...this.hosts.map((h) => h.downSince ?? now))
      : null;
    if (allDownSince !== null && now - allDownSince >= this.options.noHostTimeoutMs) {
      const reasons = this.hosts.map((h) => `${h.url}: ${h.lastError}`).join('; ');
      for (const job of this.waiting) {
        job.reject(
          new LiberoError(
            'COMFY_NO_HOST',
            `no ComfyUI host is left to run the ${job.request.stage} of shot ${job.request.shotId} (${reasons}).`,
            {
              details: {
                shotId: job.request.shotId,
                hosts: this.hosts.map((h) => h.url),
                errors: job.errors,
              },
            },
          ),
        );
      }
      this.waiting = [];
    }
    this.dispatch();
  }
}
