/**
 * `libero worker`: runs beside one ComfyUI host and takes stage jobs from the studio's BullMQ
 * queues, one at a time. It takes the most urgent job of any queue (an editor's request before
 * batch work), and among equally urgent ones the queue of the stage it ran last, whose model
 * the GPU still holds. Inputs come from the studio cache, the stage runs through the ComfyUI
 * backend given (one host), the output goes into the studio cache by content key, and the job
 * is completed. A failure goes back to BullMQ, whose attempts and backoff decide what next; a
 * worker that dies leaves a job whose lock runs out, and BullMQ's stalled-job check (run by
 * every other worker) puts it back in the queue.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Queue, UnrecoverableError, Worker } from 'bullmq';
import type { Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { StageKind } from '../generators/generator-backend.js';
import {
  parseStudioJobData,
  redisConnection,
  STUDIO_STAGES,
  stageOutputExt,
  stageQueueName,
} from '../generators/studio/stage-queues.js';
import type { StudioJobResult } from '../generators/studio/stage-queues.js';
import type { StudioCache } from '../generators/studio/studio-cache.js';
import type { StudioStageBackend } from '../generators/studio/studio-stage-backend.js';
import { workerHeartbeatKey } from '../generators/studio/farm-status.js';
import type { WorkerHeartbeat } from '../generators/studio/farm-status.js';
import { isLiberoError, ValidationError } from '../shared/index.js';

const isValidationError = (error: unknown): boolean => error instanceof ValidationError;

/** What a worker reports while it runs. */
export type StudioWorkerEvent =
  | { readonly type: 'ready'; readonly name: string; readonly queues: readonly string[] }
  | {
      readonly type: 'job-started';
      readonly jobId: string;
      readonly project: string;
      readonly shotId: string;
      readonly stage: StageKind;
      readonly attempt: number;
    }
  | { readonly type: 'job-done'; readonly jobId: string; readonly seconds: number }
  | { readonly type: 'job-failed'; readonly jobId: string; readonly message: string }
  | { readonly type: 'job-returned'; readonly jobId: string };

/** Options for {@link runStudioWorker}. */
export interface StudioWorkerOptions {
  readonly redisUrl: string;
  /** Unique among the studio's workers (shown by `libero status --farm`). */
  readonly name: string;
  /** The ComfyUI host this worker feeds (for the heartbeat). */
  readonly comfyui: string;
  /** Runs a job's stage on that host, with the template and model pins the job carries. */
  readonly backend: StudioStageBackend;
  readonly cache: StudioCache;
  /** How long a job stays ours without a lock renewal: how soon a dead worker's job moves. */
  readonly lockMs: number;
  /** How long to wait before looking again when every queue is empty. */
  readonly idleMs: number;
  /** Stops the worker: the job in hand goes back to the queue. */
  readonly signal: AbortSignal;
  readonly onEvent: ((event: StudioWorkerEvent) => void) | null;
  readonly now: () => Date;
}

/** Runs until `signal` aborts; resolves when the worker has let go of everything. */
export async function runStudioWorker(options: StudioWorkerOptions): Promise<void> {
  const connection = redisConnection(options.redisUrl);
  const workers = new Map<StageKind, Worker>();
  const queues = new Map<StageKind, Queue>();
  for (const stage of STUDIO_STAGES) {
    workers.set(
      stage,
      new Worker(stageQueueName(stage), null, {
        connection,
        name: options.name,
        autorun: false,
        lockDuration: options.lockMs,
        stalledInterval: Math.max(500, Math.round(options.lockMs / 2)),
        maxStalledCount: 2,
      }),
    );
    queues.set(stage, new Queue(stageQueueName(stage), { connection }));
  }
  const redis = new Redis(connection);
  const emit = (event: StudioWorkerEvent): void => options.onEvent?.(event);
  let lastBeat = 0;
  const beatEveryMs = Math.max(200, Math.round(options.lockMs / 3));
  /** Writes the heartbeat; while idle at most every beatEveryMs. */
  const beat = async (job: WorkerHeartbeat['job'], force: boolean): Promise<void> => {
    const now = options.now().getTime();
    if (!force && now - lastBeat < beatEveryMs) return;
    lastBeat = now;
    const heartbeat: WorkerHeartbeat = {
      name: options.name,
      comfyui: options.comfyui,
      pid: process.pid,
      job,
      at: options.now().toISOString(),
    };
    await redis.set(
      workerHeartbeatKey(options.name),
      JSON.stringify(heartbeat),
      'PX',
      Math.max(options.lockMs * 3, 5_000),
    );
  };

  /** The queue to take from: the most urgent head, ties to the stage run last. */
  const pickStage = async (last: StageKind | null): Promise<StageKind | null> => {
    let best: { stage: StageKind; priority: number } | null = null;
    const order =
      last === null ? STUDIO_STAGES : [last, ...STUDIO_STAGES.filter((s) => s !== last)];
    for (const stage of order) {
      const queue = queues.get(stage);
      if (queue === undefined) continue;
      const [head] = await queue.getJobs(['prioritized', 'waiting'], 0, 0, true);
      if (head === undefined) continue;
      if (best === null || head.priority < best.priority) best = { stage, priority: head.priority };
    }
    return best?.stage ?? null;
  };

  const processJob = async (job: Job, token: string): Promise<void> => {
    const jobId = job.id ?? '';
    const started = options.now();
    let inHand: WorkerHeartbeat['job'] = null;
    // The lock and the heartbeat are renewed while the stage runs (a job lasts up to hours).
    const renew = setInterval(() => {
      void job.extendLock(token, options.lockMs).catch(() => undefined);
      void beat(inHand, true).catch(() => undefined);
    }, beatEveryMs);
    const stop = new AbortController();
    const onStop = (): void => stop.abort(options.signal.reason);
    options.signal.addEventListener('abort', onStop, { once: true });
    const dir = await mkdtemp(join(tmpdir(), 'libero-worker-'));
    try {
      const data = parseStudioJobData(job.data, jobId);
      emit({
        type: 'job-started',
        jobId,
        project: data.project,
        shotId: data.shotId,
        stage: data.stage,
        attempt: job.attemptsMade + 1,
      });
      inHand = { id: jobId, project: data.project, shotId: data.shotId, stage: data.stage };
      await beat(inHand, true);
      const inputs: Record<string, string> = {};
      for (const name of ['image', 'video'] as const) {
        const input = data.inputs[name];
        if (input === undefined) continue;
        const file = join(dir, `${input.key}.${input.ext}`);
        await options.cache.get({ key: input.key, ext: input.ext, to: file });
        inputs[name] = file;
      }
      const outputDir = join(dir, 'out');
      await mkdir(outputDir);
      const result = await options.backend.run(
        data,
        {
          shotId: data.shotId,
          stage: data.stage,
          key: data.key,
          template: data.template,
          params: data.params,
          inputs,
          outputDir,
        },
        {
          signal: stop.signal,
          onProgress: (p) => void job.updateProgress(p.fraction).catch(() => undefined),
        },
      );
      const ext = stageOutputExt(data.stage);
      const report: StudioJobResult = {
        ext,
        host: result.host,
        worker: options.name,
        provenance: result.provenance,
        startedAt: result.startedAt,
        finishedAt: result.finishedAt,
      };
      // Output first, its report beside it, then the job: a completed job's output is there.
      await options.cache.put({ key: data.key, ext, file: result.file });
      await options.cache.putJson({ key: data.key, name: 'result', value: report });
      await job.moveToCompleted(report, token, false);
      emit({
        type: 'job-done',
        jobId,
        seconds: (options.now().getTime() - started.getTime()) / 1000,
      });
    } catch (error) {
      if (options.signal.aborted) {
        // Stopping: the job goes back for another worker, without using up an attempt.
        await job.moveToWait(token).catch(() => undefined);
        emit({ type: 'job-returned', jobId });
      } else {
        const failure = error instanceof Error ? error : new Error(String(error));
        const message = isLiberoError(failure)
          ? `${failure.code}: ${failure.message}`
          : failure.message;
        // A job that is not a libero stage request will not get better with another attempt.
        const reason = isValidationError(failure)
          ? new UnrecoverableError(message)
          : new Error(message);
        await job.moveToFailed(reason, token, false).catch(() => undefined);
        emit({ type: 'job-failed', jobId, message });
      }
    } finally {
      clearInterval(renew);
      options.signal.removeEventListener('abort', onStop);
      await rm(dir, { recursive: true, force: true });
    }
  };

  try {
    // Other workers' dead jobs: BullMQ's stalled-job check, run by every live worker.
    for (const worker of workers.values()) void worker.startStalledCheckTimer();
    emit({ type: 'ready', name: options.name, queues: STUDIO_STAGES.map(stageQueueName) });
    let last: StageKind | null = null;
    while (!options.signal.aborted) {
      await beat(null, false);
      const stage = await pickStage(last);
      const token = randomUUID();
      const job =
        stage === null
          ? undefined
          : await (workers.get(stage) as Worker).getNextJob(token, { block: false });
      if (stage === null || job === undefined || job === null) {
        await sleep(options.idleMs, undefined, { signal: options.signal }).catch(() => undefined);
        continue;
      }
      last = stage;
      await processJob(job, token);
    }
  } finally {
    await redis.del(workerHeartbeatKey(options.name)).catch(() => undefined);
    redis.disconnect();
    await Promise.all([...workers.values()].map((w) => w.close(true)));
    await Promise.all([...queues.values()].map((q) => q.close()));
  }
}
