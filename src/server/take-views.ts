/**
 * The takes of a shot as the service shows them: each take's number as `take-001`, its picture
 * (the exposed copy under the output folder when there is one) and the still its chain started
 * from, found by walking the provenance sidecars of the media cache back from the take's key.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ProjectState } from '../pipeline/project-state.js';
import type { Project } from '../pipeline/project.js';
import type { EngineTake } from './project-engine.js';

/** `take-001` for take 1. */
export function takeId(number: number): string {
  return `take-${String(number).padStart(3, '0')}`;
}

interface StillFacts {
  readonly file: string | null;
  readonly prompt: string | null;
  readonly seed: number | null;
}

/** Reads takes through the project's state; remembers the stills it found. */
export interface TakeViews {
  takesOf(project: Project, shotId: string): Promise<EngineTake[]>;
}

/** Builds the take views over `stateFor` (the engine's one open state). */
export function createTakeViews(stateFor: (project: Project) => ProjectState): TakeViews {
  const stills = new Map<string, StillFacts>();

  const readSidecar = async (
    state: ProjectState,
    key: string,
  ): Promise<Record<string, unknown> | null> => {
    try {
      return JSON.parse(await readFile(state.cache.sidecarFor(key), 'utf8')) as Record<
        string,
        unknown
      >;
    } catch {
      return null;
    }
  };

  /** The still a take's chain started from, found by walking the provenance sidecars back. */
  const stillOf = async (state: ProjectState, finalKey: string): Promise<StillFacts> => {
    const known = stills.get(finalKey);
    if (known !== undefined) return known;
    let facts: StillFacts = { file: null, prompt: null, seed: null };
    const seen = new Set<string>();
    const queue = [finalKey];
    while (queue.length > 0 && seen.size < 32) {
      const key = queue.shift() as string;
      if (seen.has(key)) continue;
      seen.add(key);
      const sidecar = await readSidecar(state, key);
      if (sidecar === null) continue;
      if (sidecar['kind'] === 'still') {
        const params = (sidecar['params'] ?? {}) as Record<string, unknown>;
        facts = {
          file: state.cache.lookup(key, 'png'),
          prompt: typeof params['prompt'] === 'string' ? params['prompt'] : null,
          seed: typeof params['seed'] === 'number' ? params['seed'] : null,
        };
        break;
      }
      const inputs = (sidecar['inputs'] ?? {}) as { keys?: Record<string, unknown> };
      const keys = inputs.keys ?? {};
      for (const k of [keys['image'], keys['video'], ...((keys['join'] as unknown[]) ?? [])])
        if (typeof k === 'string') queue.push(k);
    }
    if (facts.file !== null) stills.set(finalKey, facts);
    return facts;
  };

  return {
    async takesOf(project, shotId) {
      const state = stateFor(project);
      const out: EngineTake[] = [];
      for (const take of state.store.takes(shotId)) {
        const id = takeId(take.number);
        const exposed = join(project.outDir, 'shots', shotId, `${id}.mp4`);
        const still = await stillOf(state, take.finalKey);
        out.push({
          id,
          prompt: still.prompt,
          seed: still.seed,
          stillFile: still.file,
          previewFile: existsSync(exposed) ? exposed : take.file,
          createdAt: take.createdAt,
        });
      }
      return out;
    },
  };
}
