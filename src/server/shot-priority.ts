/**
 * Which generator a shot job hands to the pipeline. A batch of the timeline's own wishes gets
 * the generator without `prioritize`, so the generator's scheduler (the ComfyUI pool) keeps
 * grouping stages by model. A shot the editor just asked for gets one whose `prioritize` names
 * every urgent shot still in flight, so two quick regenerates both stay ahead of the batch (the
 * pool replaces its ask on each call).
 */
import type { Generator } from '../pipeline/generate-project.js';

/** One urgent job's generator; `release` when the job ends (however). */
export interface UrgentGenerator {
  readonly generator: Generator;
  readonly release: () => void;
}

/** The generators for calm and urgent shot jobs. */
export interface ShotPriority {
  /** For a batch job: the generator, without `prioritize`. */
  readonly calm: Generator;
  /** For a job the editor just asked for. */
  urgent(): UrgentGenerator;
}

/** Wraps a generator for the service's shot jobs. */
export function shotPriority(generator: Generator): ShotPriority {
  const calm: Generator = { ...generator, prioritize: null };
  const prioritize = generator.prioritize;
  /** Urgent shot id -> how many urgent jobs in flight asked for it. */
  const inFlight = new Map<string, number>();
  return {
    calm,
    urgent() {
      if (prioritize === null) return { generator: calm, release: () => undefined };
      let asked: readonly string[] = [];
      let released = false;
      const drop = (): void => {
        for (const id of asked) {
          const n = (inFlight.get(id) ?? 1) - 1;
          if (n <= 0) inFlight.delete(id);
          else inFlight.set(id, n);
        }
        asked = [];
      };
      return {
        generator: {
          ...generator,
          prioritize: (shotIds) => {
            if (released) return;
            drop();
            asked = [...shotIds];
            for (const id of asked) inFlight.set(id, (inFlight.get(id) ?? 0) + 1);
            prioritize([...inFlight.keys()]);
          },
        },
        release: () => {
          released = true;
          drop();
        },
      };
    },
  };
}
