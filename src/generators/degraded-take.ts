/**
 * The stand-in take of a shot whose upscale failed for good: its video, at the take's rate and
 * the delivery size, cached under its own key so the next run still upscales (see run-plan.ts).
 */
import { rm } from 'node:fs/promises';
import { runFfmpeg } from '../media/index.js';
import { contentKey } from '../shared/index.js';
import type { LiberoError } from '../shared/index.js';
import { degradedTakeJob } from './local-step-jobs.js';
import type { MediaCache } from './media-cache.js';
import type { PlanStep } from './plan-step.js';
import { DEFAULT_UPSCALE_HANDLES, upscaleWindow } from './upscale-window.js';

/** A shot's stand-in take when its upscale failed (see `ShotOutcome`). */
export interface DegradedTake {
  readonly file: string;
  readonly key: string;
  readonly reason: string;
}

/** The cache key of the degraded take standing in for the upscale step `upscaleKey`. */
export function degradedKey(upscaleKey: string): string {
  return contentKey({ degradedOf: upscaleKey });
}

/**
 * The stand-in take when the upscale failed for good (the pool already tried every host): its
 * input clip at the take's rate, cut to the upscale's window, scaled to the delivery size.
 * Cached under its own key, so the next run still runs the upscale and makes the real take.
 */
export async function makeDegradedTake(options: {
  readonly step: PlanStep;
  readonly error: LiberoError;
  readonly cache: MediaCache;
  readonly signal: AbortSignal | null;
  readonly now: () => Date;
}): Promise<DegradedTake | null> {
  const { step, error, cache, now } = options;
  const input = step.inputs.video;
  const video = input === undefined ? null : cache.lookup(input, 'mp4');
  const width = step.params['width'];
  const height = step.params['height'];
  const fps = step.params['fps'];
  if (video === null || typeof width !== 'number' || typeof height !== 'number') return null;
  if (typeof fps !== 'number') return null;
  const key = degradedKey(step.key);
  const reason = `not upscaled: ${error.message}`;
  const known = cache.lookup(key, 'mp4');
  if (known !== null) return { file: known, key, reason };
  const workDir = await cache.workDir(key);
  const output = `${workDir}/degraded.mp4`;
  const started = now();
  try {
    await runFfmpeg({
      job: degradedTakeJob({
        video,
        fps,
        window: upscaleWindow(step.params, DEFAULT_UPSCALE_HANDLES),
        width,
        height,
        output,
      }),
      signal: options.signal,
      onProgress: null,
    });
  } catch {
    await rm(workDir, { recursive: true, force: true });
    return null; // no stand-in: the shot stays failed with its placeholder
  }
  const finished = now();
  const file = await cache.commit({
    file: output,
    workDir,
    provenance: {
      key,
      shotId: step.shotId,
      kind: 'degraded-upscale',
      template: 'local-degraded-take',
      templateVersion: '1',
      params: step.params,
      inputs: { keys: { video: input }, files: { video } },
      backend: 'local',
      host: 'local',
      startedAt: started.toISOString(),
      finishedAt: finished.toISOString(),
      seconds: (finished.getTime() - started.getTime()) / 1000,
      backendFacts: { degraded: reason },
    },
  });
  return { file, key, reason };
}
