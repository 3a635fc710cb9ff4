/**
 * What the farm is doing, read from Redis: each stage queue's counts and jobs (with the project
 * each is for) and the workers seen (each live `libero worker` keeps a heartbeat key that
 * expires when it stops beating). `libero status --farm` prints it; `libero doctor` counts the
 * workers.
 */
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { z } from 'zod';
import type { StageKind } from '../generator-backend.js';
import { redisConnection, STUDIO_STAGES, stageQueueName } from './stage-queues.js';

/** Where a worker's heartbeat lives. */
export function workerHeartbeatKey(name: string): string {
  return `libero:worker:${name}`;
}

const heartbeatSchema = z.object({
  name: z.string(),
  comfyui: z.string(),
  pid: z.number(),
  job: z
    .object({ id: z.string(), project: z.string(), shotId: z.string(), stage: z.string() })
    .nullable(),
  at: z.string(),
});

/** A worker's heartbeat: who it is, which host it feeds, the job in hand. */
export type WorkerHeartbeat = z.infer<typeof heartbeatSchema>;

/** One job as `status --farm` shows it. */
export interface FarmJob {
  readonly id: string;
  readonly state: 'active' | 'waiting' | 'delayed' | 'failed';
  readonly project: string;
  readonly shotId: string;
  readonly priority: number;
  readonly editor: boolean;
  readonly attemptsMade: number;
}

/** One queue. */
export interface FarmQueue {
  readonly stage: StageKind;
  readonly name: string;
  readonly counts: Readonly<Record<string, number>>;
  readonly jobs: readonly FarmJob[];
}

/** The farm. */
export interface FarmStatus {
  readonly queues: readonly FarmQueue[];
  readonly workers: readonly WorkerHeartbeat[];
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '?');

/** Reads the farm's queues and workers (at most `limit` jobs per state and queue). */
export async function readFarmStatus(options: {
  redisUrl: string;
  limit: number;
}): Promise<FarmStatus> {
  const connection = { ...redisConnection(options.redisUrl), maxRetriesPerRequest: 1 };
  const redis = new Redis({ ...connection, lazyConnect: true });
  redis.on('error', () => undefined);
  const queues: FarmQueue[] = [];
  try {
    await redis.connect();
    for (const stage of STUDIO_STAGES) {
      const queue = new Queue(stageQueueName(stage), { connection });
      try {
        const counts = await queue.getJobCounts(
          'active',
          'prioritized',
          'waiting',
          'delayed',
          'completed',
          'failed',
        );
        const jobs: FarmJob[] = [];
        for (const state of ['active', 'waiting', 'delayed', 'failed'] as const) {
          const types = state === 'waiting' ? (['prioritized', 'waiting'] as const) : [state];
          for (const job of await queue.getJobs([...types], 0, options.limit - 1, true)) {
            if (job === undefined) continue;
            const data = (job.data ?? {}) as Record<string, unknown>;
            jobs.push({
              id: job.id ?? '?',
              state,
              project: text(data['project']),
              shotId: text(data['shotId']),
              priority: job.priority,
              editor: data['editor'] === true,
              attemptsMade: job.attemptsMade,
            });
          }
        }
        queues.push({ stage, name: queue.name, counts, jobs });
      } finally {
        await queue.close();
      }
    }
    const workers: WorkerHeartbeat[] = [];
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, found] = await redis.scan(
        cursor,
        'MATCH',
        workerHeartbeatKey('*'),
        'COUNT',
        100,
      );
      cursor = next;
      keys.push(...found);
    } while (cursor !== '0');
    for (const key of keys.sort()) {
      const raw = await redis.get(key);
      if (raw === null) continue;
      const parsed = heartbeatSchema.safeParse(JSON.parse(raw));
      if (parsed.success) workers.push(parsed.data);
    }
    return { queues, workers };
  } finally {
    redis.disconnect();
  }
}
