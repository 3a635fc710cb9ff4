/**
 * The studio GeneratorBackend: what `libero serve` and `libero generate` use in studio mode
 * instead of their own pool of hosts. A stage is looked up in the studio cache by content key;
 * a miss becomes a BullMQ job (job id = content key, so a second project asking for the same
 * output waits on the one job) that some `libero worker` runs on its ComfyUI host. Attempts,
 * backoff and the recovery of a dead worker's job are BullMQ's.
 *
 * ```
 * run(stage) ─▶ studio cache hit? ─yes─▶ copy into outputDir
 *                    │ no
 *                    ▼
 *     inputs into the cache, queue.add(jobId = key) ─▶ worker ─▶ output into the cache
 *                    ▼                                            │
 *     waitUntilFinished ◀──────── QueueEvents (progress, done) ◀──┘
 * ```
 */
import { basename, extname, join } from 'node:path';
import { Job, Queue, QueueEvents } from 'bullmq';
import { isLiberoError, LiberoError } from '../../shared/index.js';
import type {
  GeneratorBackend,
  RunStageOptions,
  StageKind,
  StageRequest,
  StageResult,
} from '../generator-backend.js';
import type { ComfyTemplateRegistry } from '../comfyui/comfy-template-registry.js';
import {
  redisConnection,
  STUDIO_JOB_VERSION,
  STUDIO_STAGES,
  stageFrames,
  stageOutputExt,
  stageQueueName,
  studioJobResultSchema,
  studioPriority,
  withoutPassword,
} from './stage-queues.js';
import type { StudioJobData } from './stage-queues.js';
import type { StudioCache } from './studio-cache.js';
import { jobTemplateFiles } from './studio-stage-backend.js';

/** Options for {@link createStudioBackend}. */
export interface StudioBackendOptions {
  /** LIBERO_REDIS_URL. */
  readonly redisUrl: string;
  /** This project's id in the studio (see studioProjectId). */
  readonly project: string;
  /** The templates the plan resolved (the project's own first): each job carries its own. */
  readonly templates: ComfyTemplateRegistry;
  /** The project's libero.json `comfyui.models` (stem -> file), carried by each job. */
  readonly modelPins: Readonly<Record<string, string>>;
  readonly cache: StudioCache;
  /** BullMQ attempts of a job (a worker's failure or a dead worker each use one). */
  readonly attempts: number;
  /** First backoff between attempts (exponential), ms. */
  readonly backoffMs: number;
}

/** The studio backend, plus what a scheduler offers. */
export interface StudioBackend extends GeneratorBackend {
  /** Puts these shots' stages before every project's batch work (an editor's request). */
  prioritize(shotIds: readonly string[]): void;
  /** Closes the Redis connections. */
  close(): Promise<void>;
}

/** One day: finished jobs stay that long, so BullMQ refuses a duplicate of recent work. */
const KEEP_FINISHED_S = 24 * 60 * 60;

/** Builds the studio backend (connects lazily; nothing is sent before the first stage). */
export function createStudioBackend(options: StudioBackendOptions): StudioBackend {
  const connection = redisConnection(options.redisUrl);
  const queues = new Map<StageKind, Queue<StudioJobData>>();
  const events = new Map<StageKind, QueueEvents>();
  const progressListeners = new Map<string, Set<(fraction: number) => void>>();
  /** Our jobs not finished yet, per stage: a new batch job's rank among them. */
  const pending = new Map<StageKind, Set<string>>(STUDIO_STAGES.map((s) => [s, new Set()]));
  let editorShots = new Set<string>();

  const queueOf = (stage: StageKind): Queue<StudioJobData> => {
    let queue = queues.get(stage);
    if (queue === undefined) {
      queue = new Queue<StudioJobData>(stageQueueName(stage), { connection });
      queues.set(stage, queue);
    }
    return queue;
  };
  const eventsOf = async (stage: StageKind): Promise<QueueEvents> => {
    let queueEvents = events.get(stage);
    if (queueEvents === undefined) {
      queueEvents = new QueueEvents(stageQueueName(stage), { connection });
      queueEvents.on('progress', ({ jobId, data }) => {
        const fraction = typeof data === 'number' ? data : Number(data);
        for (const listener of progressListeners.get(jobId) ?? []) listener(fraction);
      });
      events.set(stage, queueEvents);
      await queueEvents.waitUntilReady();
    }
    return queueEvents;
  };

  const unreachable = (error: unknown, request: StageRequest): LiberoError =>
    isLiberoError(error)
      ? error
      : new LiberoError(
          'STUDIO_UNREACHABLE',
          `shot ${request.shotId}: cannot queue the ${request.stage} stage on the studio's Redis ${withoutPassword(options.redisUrl)}: ${(error as Error).message}`,
          { details: { redis: withoutPassword(options.redisUrl), key: request.key }, cause: error },
        );

  /** Copies the finished output of `key` from the studio cache into the stage's folder. */
  const deliver = async (request: StageRequest, cached: boolean): Promise<StageResult> => {
    const ext = stageOutputExt(request.stage);
    const file = join(request.outputDir, `${request.key}.${ext}`);
    await options.cache.get({ key: request.key, ext, to: file });
    const report = studioJobResultSchema.safeParse(
      await options.cache.getJson({ key: request.key, name: 'result' }),
    );
    const result = report.success ? report.data : null;
    return {
      file,
      host: result?.host ?? 'studio cache',
      provenance: {
        ...(result?.provenance ?? {}),
        studio: { cache: options.cache.location, cached, worker: result?.worker ?? null },
      },
      startedAt: result?.startedAt ?? new Date(0).toISOString(),
      finishedAt: result?.finishedAt ?? new Date(0).toISOString(),
    };
  };

  /** Our editor's shots: their waiting jobs in every queue move to the front. */
  const promoteWaiting = async (shotIds: ReadonlySet<string>): Promise<void> => {
    for (const stage of STUDIO_STAGES) {
      const queue = queueOf(stage);
      for (const job of await queue.getJobs(['prioritized', 'waiting'])) {
        if (job === undefined || job.id === undefined) continue;
        const data = job.data;
        if (data.project !== options.project || !shotIds.has(data.shotId)) continue;
        if (job.priority !== 1) await job.changePriority({ priority: 1 });
      }
    }
  };

  const enqueue = async (request: StageRequest, rank: number): Promise<Job<StudioJobData>> => {
    const inputs: StudioJobData['inputs'] = {};
    for (const name of ['image', 'video'] as const) {
      const file = request.inputs[name];
      if (file === undefined) continue;
      // The project cache names every file by its content key (media-cache.ts).
      const ext = extname(file).slice(1);
      const key = basename(file, extname(file));
      await options.cache.put({ key, ext, file });
      inputs[name] = { key, ext };
    }
    const editor = editorShots.has(request.shotId);
    const data: StudioJobData = {
      v: STUDIO_JOB_VERSION,
      project: options.project,
      shotId: request.shotId,
      stage: request.stage,
      key: request.key,
      template: request.template,
      templateFiles: jobTemplateFiles(options.templates.get(request.template)),
      modelPins: { ...options.modelPins },
      params: { ...request.params },
      inputs,
      editor,
    };
    const queue = queueOf(request.stage);
    const add = () =>
      queue.add(request.stage, data, {
        jobId: request.key,
        priority: studioPriority({
          editor,
          stage: request.stage,
          frames: stageFrames(request.stage, request.params),
          rank,
        }),
        attempts: options.attempts,
        backoff: { type: 'exponential', delay: options.backoffMs },
        removeOnComplete: { age: KEEP_FINISHED_S },
        removeOnFail: { age: KEEP_FINISHED_S },
      });
    // A job of that id may have been there already (another project's, or ours before a
    // restart): BullMQ kept it and ignored ours. Read what is really there.
    const found = async (): Promise<Job<StudioJobData>> => {
      const job = await Job.fromId<StudioJobData>(queue, request.key);
      if (job === undefined)
        throw new LiberoError(
          'INTERNAL',
          `studio job ${request.key} vanished right after it was queued`,
        );
      return job;
    };
    await add();
    let job = await found();
    let state = await job.getState();
    if ((job.data as { v?: unknown }).v !== STUDIO_JOB_VERSION && state !== 'active') {
      // Queued by another libero version (another job shape, which workers refuse): ours
      // replaces it. A running one is left to finish.
      await job.remove();
      await add();
      job = await found();
      state = await job.getState();
    }
    if (state === 'failed') await job.retry('failed');
    // Done once, but its output is gone from the cache (a cleaned folder): make it again.
    else if (
      state === 'completed' &&
      !(await options.cache.has(request.key, stageOutputExt(request.stage)))
    )
      await job.retry('completed');
    else if (editor && job.priority !== 1 && (state === 'prioritized' || state === 'waiting'))
      await job.changePriority({ priority: 1 });
    return job;
  };

  return {
    name: 'studio',
    prioritize: (shotIds) => {
      editorShots = new Set(shotIds);
      // A failure here only loses the reordering; the stages still run.
      void promoteWaiting(editorShots).catch(() => undefined);
    },
    run: async (request: StageRequest, runOptions: RunStageOptions): Promise<StageResult> => {
      // The rank among our waiting jobs is taken now, in call order, before anything awaits.
      const mine = pending.get(request.stage) as Set<string>;
      const rank = mine.size;
      mine.add(request.key);
      const ext = stageOutputExt(request.stage);
      if (await options.cache.has(request.key, ext)) {
        mine.delete(request.key);
        return deliver(request, true);
      }
      const signal = runOptions.signal;
      const listener = (fraction: number): void =>
        runOptions.onProgress?.({
          shotId: request.shotId,
          stage: request.stage,
          fraction,
          message: null,
        });
      let listeners = progressListeners.get(request.key);
      if (listeners === undefined) {
        listeners = new Set();
        progressListeners.set(request.key, listeners);
      }
      listeners.add(listener);
      let job: Job<StudioJobData>;
      try {
        const queueEvents = await eventsOf(request.stage);
        job = await enqueue(request, rank);
        const finished = job.waitUntilFinished(queueEvents);
        const aborted = new Promise<never>((_, reject) => {
          if (signal === null) return;
          const onAbort = (): void =>
            reject(
              new LiberoError(
                'ABORTED',
                `shot ${request.shotId}: the ${request.stage} stage was cancelled`,
                { cause: signal.reason },
              ),
            );
          if (signal.aborted) onAbort();
          else signal.addEventListener('abort', onAbort, { once: true });
        });
        try {
          await Promise.race([finished, aborted]);
        } catch (error) {
          if (isLiberoError(error) && error.code === 'ABORTED') {
            // Cancel only our own work: a job still waiting that no other project shares.
            if (job.data.project === options.project && (await job.isWaiting()))
              await job.remove().catch(() => undefined);
            throw error;
          }
          throw new LiberoError(
            'GENERATOR_STAGE_FAILED',
            `shot ${request.shotId}: the ${request.stage} stage failed on the farm after ${job.attemptsMade} attempt(s): ${(error as Error).message}`,
            {
              details: { shotId: request.shotId, stage: request.stage, key: request.key },
              cause: error,
            },
          );
        }
      } catch (error) {
        throw unreachable(error, request);
      } finally {
        listeners.delete(listener);
        if (listeners.size === 0) progressListeners.delete(request.key);
        mine.delete(request.key);
      }
      return deliver(request, false);
    },
    close: async () => {
      await Promise.all([...events.values()].map((e) => e.close()));
      await Promise.all([...queues.values()].map((q) => q.close()));
    },
  };
}
