/**
 * A shot's stand-in take as the last run left it. When the upscale fails on every host, generate
 * caches the upscale's input video scaled to the delivery size under a key of its own
 * (src/generators/degraded-take.ts) and conforms the shot to it; it is never a stored take, so
 * the next run still upscales. Found here by that key, for views such as the service's: a shot
 * without takes whose final (upscaled) output is still missing.
 */
import { readFile } from 'node:fs/promises';
import { degradedKey } from '../generators/run-plan.js';
import type { ShotStatus } from './plan-project.js';
import type { ProjectState } from './project-state.js';

/** The stand-in's file, its cache key and why it stands in (`not upscaled: <why>`). */
export interface StandInTake {
  readonly file: string;
  readonly key: string;
  readonly reason: string;
}

/** The shot's stand-in, or null (it has takes, its final output exists, or no upscale failed). */
export async function standInTakeOf(options: {
  readonly state: ProjectState;
  readonly planned: ShotStatus;
}): Promise<StandInTake | null> {
  const { state, planned } = options;
  if (planned.missing.length === 0) return null;
  if (state.store.takes(planned.entry.spec.shotId).length > 0) return null;
  const key = degradedKey(planned.plan.finalKey);
  const file = state.cache.lookup(key, 'mp4');
  if (file === null) return null;
  return { file, key, reason: await reasonOf(state.cache.sidecarFor(key)) };
}

/** The refusal the stand-in's provenance recorded (`backendFacts.degraded`). */
async function reasonOf(sidecar: string): Promise<string> {
  try {
    const provenance = JSON.parse(await readFile(sidecar, 'utf8')) as {
      backendFacts?: { degraded?: unknown };
    };
    const reason = provenance.backendFacts?.degraded;
    if (typeof reason === 'string') return reason;
  } catch {
    // an unreadable sidecar: the stand-in is still shown, without the hosts' words
  }
  return 'not upscaled';
}
