/**
 * The takes of a shot as the service shows them: each take's number as `take-001`, its picture
 * (the exposed copy under the output folder when there is one) and the still its chain started
 * from, found by walking the provenance sidecars of the media cache back from the take's key.
 */
import { readFile } from 'node:fs/promises';
import type { ProjectState } from '../pipeline/project-state.js';
import type { Project } from '../pipeline/project.js';
import { takeFileOf } from '../pipeline/qc-generate.js';
import { storedTakeAnalysis, takeQcView } from '../pipeline/qc-takes.js';
import type { TakeQcView } from '../pipeline/qc-takes.js';
import type { ShotStatus as PlannedShot } from '../pipeline/plan-project.js';
import type { TakeQc } from './api-contract.js';
import type { EngineTake } from './project-engine.js';

/** A shot's clip in one version (where it is used in the cut). */
type ShotEntry = PlannedShot['entry'];

/** A take's QC view as the API sends it. */
export function apiQc(view: TakeQcView): TakeQc {
  return { score: view.score, faults: view.faults.map((f) => ({ ...f })) };
}

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
  /**
   * The shot's takes with their stored QC; `entry` (the shot's clip in this version) tells which
   * faults the cut shows.
   */
  takesOf(project: Project, entry: ShotEntry): Promise<EngineTake[]>;
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
    async takesOf(project, entry) {
      const state = stateFor(project);
      const out: EngineTake[] = [];
      for (const take of state.store.takes(entry.spec.shotId)) {
        const still = await stillOf(state, take.finalKey);
        const file = takeFileOf(project, take);
        const qc = (await storedTakeAnalysis({ file, key: take.finalKey }))?.qc ?? null;
        out.push({
          id: takeId(take.number),
          prompt: still.prompt,
          seed: still.seed,
          stillFile: still.file,
          previewFile: file,
          createdAt: take.createdAt,
          qc:
            qc === null
              ? null
              : apiQc(takeQcView({ qc, entry, originSeconds: take.originSeconds })),
        });
      }
      return out;
    },
  };
}
