/**
 * Studio mode's queues on Redis through BullMQ: one queue per stage kind (so a worker can
 * prefer the model its GPU holds), job ids equal to content keys (so BullMQ refuses a second
 * job for work already queued anywhere in the studio), and the priorities that put an editor's
 * request before every project's batch and share batch work fairly among projects.
 */
import { z } from 'zod';
import { ValidationError } from '../../shared/index.js';
import type { StageKind } from '../generator-backend.js';

/** The stage kinds that go through the farm, in chain order. */
export const STUDIO_STAGES: readonly StageKind[] = ['still', 'video', 'upscale'];

/** The BullMQ queue of a stage kind. */
export function stageQueueName(stage: StageKind): string {
  return `libero-${stage}`;
}

/** The extension of a stage's output (the plan's `ext`: a still is a PNG, the rest MP4). */
export function stageOutputExt(stage: StageKind): 'png' | 'mp4' {
  return stage === 'still' ? 'png' : 'mp4';
}

/** An input of a job: the content key its file has in the studio cache. */
const cachedInput = z.object({ key: z.string().min(1), ext: z.string().min(1) });

/**
 * Version of a job's shape; a worker refuses jobs of another. 2: the job carries its ComfyUI
 * template and the project's model pins (1 named a template the worker had to hold itself).
 */
export const STUDIO_JOB_VERSION = 2;

/**
 * A ComfyUI template as a job carries it: the project's own (its `templates/comfyui` override)
 * or the built-in one, exactly as the service planned with it; `version` is the template's hash
 * (part of the job's content key), checked again by the worker.
 */
export const studioJobTemplateSchema = z.object({
  version: z.string().min(1),
  manifest: z.record(z.string(), z.unknown()),
  workflow: z.record(z.string(), z.unknown()),
});

/** What a job carries: the whole stage request, with inputs by content key, and its project. */
export const studioJobDataSchema = z.object({
  v: z.literal(STUDIO_JOB_VERSION),
  project: z.string().min(1),
  shotId: z.string().min(1),
  stage: z.enum(['still', 'video', 'upscale']),
  key: z.string().min(1),
  template: z.string().min(1),
  /** The template named above, whole: workers run what the project planned, not their own copy. */
  templateFiles: studioJobTemplateSchema,
  /** The project's libero.json `comfyui.models` (stem -> file on the hosts). */
  modelPins: z.record(z.string(), z.string().min(1)),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  inputs: z.object({ image: cachedInput.optional(), video: cachedInput.optional() }),
  /** The editor asked for it (regen marker, API regenerate, a newly dropped shot). */
  editor: z.boolean(),
});

/** A job's data. */
export type StudioJobData = z.infer<typeof studioJobDataSchema>;

/** What a worker reports for a finished job (its output is in the studio cache by key). */
export const studioJobResultSchema = z.object({
  ext: z.string().min(1),
  host: z.string(),
  worker: z.string(),
  provenance: z.record(z.string(), z.unknown()),
  startedAt: z.string(),
  finishedAt: z.string(),
});

/** A finished job's result. */
export type StudioJobResult = z.infer<typeof studioJobResultSchema>;

/** Parses a job's data from Redis (a trust boundary: any client can add jobs). */
export function parseStudioJobData(value: unknown, jobId: string): StudioJobData {
  const v = typeof value === 'object' && value !== null ? (value as { v?: unknown }).v : undefined;
  if (typeof v === 'number' && v !== STUDIO_JOB_VERSION)
    throw new ValidationError(
      'GENERATOR_STAGE_FAILED',
      `studio job ${jobId} has the job shape v${v}; this worker reads v${STUDIO_JOB_VERSION}: run the same libero version on the services and the workers`,
      { details: { jobId, version: v } },
    );
  const parsed = studioJobDataSchema.safeParse(value);
  if (!parsed.success)
    throw new ValidationError(
      'GENERATOR_STAGE_FAILED',
      `studio job ${jobId} does not carry a libero stage request: ${parsed.error.message}`,
      { issues: parsed.error.issues, details: { jobId } },
    );
  return parsed.data;
}

/** Width of a stage's band of batch priorities, and of a size tier inside it. */
const BAND = 200_000;
const TIER = 10_000;

/**
 * BullMQ priority of a job (1 is first; 0 would mean "no priority" and go before all).
 * An editor's request is 1. Batch work is ordered by, in turn:
 * - stage, across the studio: every still before any video, every video before any upscale
 *   (one model load per stage per host);
 * - size tier, largest first (frames, by powers of two): the long videos and upscales start
 *   early and the farm does not end on one long job while the other hosts idle;
 * - rank within its project: the n-th job a project has waiting in a queue gets n, so equal
 *   work is served round-robin among projects and no project starves behind another's queue.
 *
 * @example studioPriority({ editor: false, stage: 'video', frames: 120, rank: 0 }) === 240_002
 */
export function studioPriority(options: {
  editor: boolean;
  stage: StageKind;
  /** Frames the job makes or upscales (its GPU cost grows with them); 1 for a still. */
  frames: number;
  rank: number;
}): number {
  if (options.editor) return 1;
  const band = STUDIO_STAGES.indexOf(options.stage) * BAND;
  const tier = 10 - Math.min(10, Math.floor(Math.log2(Math.max(1, options.frames))));
  return 2 + band + tier * TIER + Math.min(Math.max(0, options.rank), TIER - 1);
}

/** The frames a stage request makes or upscales (an upscale's used range when it has one). */
export function stageFrames(stage: StageKind, params: Readonly<Record<string, unknown>>): number {
  if (stage === 'still') return 1;
  const trim = params['trimFrames'];
  const frames = params['frames'];
  if (stage === 'upscale' && typeof trim === 'number') return trim;
  return typeof frames === 'number' ? frames : 1;
}

/** ioredis connection options from `redis://[user:password@]host:port[/db]` (LIBERO_REDIS_URL). */
export function redisConnection(url: string): {
  host: string;
  port: number;
  username?: string;
  password?: string;
  db: number;
  tls?: Record<string, never>;
  maxRetriesPerRequest: null;
} {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    parsed = new URL('invalid://');
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:')
    throw new ValidationError(
      'CONFIG_INVALID',
      `"${url}" is not a Redis URL (redis://host:6379); set LIBERO_REDIS_URL or libero.json studio.redis`,
      { details: { url } },
    );
  const db = Number(parsed.pathname.replace('/', '') || '0');
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 6379),
    ...(parsed.username === '' ? {} : { username: decodeURIComponent(parsed.username) }),
    ...(parsed.password === '' ? {} : { password: decodeURIComponent(parsed.password) }),
    db: Number.isInteger(db) ? db : 0,
    ...(parsed.protocol === 'rediss:' ? { tls: {} } : {}),
    // BullMQ's workers block on Redis; ioredis must not give up on those commands.
    maxRetriesPerRequest: null,
  };
}

/** A URL with its password left out, for messages. */
export function withoutPassword(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1@');
}
