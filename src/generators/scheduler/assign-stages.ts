/**
 * The host-aware scheduler's decision, as a pure function: which waiting stage each idle
 * host takes next. In order of importance (../shared/ref/performance.md):
 *
 * 1. the stages of shots the editor just asked for (`priority` > 0) go first, whatever the
 *    model swap costs;
 * 2. a host whose GPU holds a stage's model set takes that stage (no swap);
 * 3. otherwise stage-major: stills, then videos, then upscales (one load per model family
 *    per host instead of one per shot); with several hosts, 3 goes before 2;
 * 4. the heaviest first (the longest-processing-time rule: the hosts finish together);
 * 5. first come, first served.
 *
 * A stage never goes to a host it already failed on, nor to one that lacks its template's
 * nodes or models.
 */
import type { StageKind } from '../generator-backend.js';

/** A stage waiting for a host. */
export interface WaitingStage {
  readonly id: number;
  readonly shotId: string;
  readonly stage: StageKind;
  readonly template: string;
  /** The template's model family (`flux1-dev`, ...). */
  readonly modelSet: string;
  /** 0 normally; higher for shots the editor asked for. */
  readonly priority: number;
  /** Expected size of the work (frames); heavier stages of a kind go first so hosts end together. */
  readonly weight: number;
  /** Hosts this stage must not go to (it failed there). */
  readonly excludedHosts: ReadonlySet<string>;
}

/** An idle host. */
export interface IdleHost {
  readonly url: string;
  /** The model family its GPU holds (the last one it ran), or null when unknown. */
  readonly loadedModelSet: string | null;
  /** Templates it cannot run (missing nodes or models). */
  readonly lacks: ReadonlySet<string>;
  /** It is running the editor's shot: queue only the editor's shots behind it. */
  readonly onlyPriority: boolean;
}

/** One decision: `host` runs the stage `stageId`. */
export interface Assignment {
  readonly host: string;
  readonly stageId: number;
}

const STAGE_ORDER: Readonly<Record<StageKind, number>> = { still: 0, video: 1, upscale: 2 };

function eligible(stage: WaitingStage, host: IdleHost): boolean {
  return (
    !stage.excludedHosts.has(host.url) &&
    !host.lacks.has(stage.template) &&
    (!host.onlyPriority || stage.priority > 0)
  );
}

/**
 * Orders stages for one host: priority, then its loaded model, then stage-major, then age.
 * With `earlierFirst` (a pool of several hosts) an earlier stage beats the loaded model: the
 * stills and videos release the work the other hosts need, so the batch ends together (one
 * model swap is a few percent of a stage; an idle host at the end is much more).
 */
export function compareForHost(
  host: IdleHost,
  earlierFirst = false,
): (a: WaitingStage, b: WaitingStage) => number {
  return (a, b) => {
    if (a.priority !== b.priority) return b.priority - a.priority;
    if (earlierFirst && a.stage !== b.stage) return STAGE_ORDER[a.stage] - STAGE_ORDER[b.stage];
    const aLoaded = a.modelSet === host.loadedModelSet ? 0 : 1;
    const bLoaded = b.modelSet === host.loadedModelSet ? 0 : 1;
    if (aLoaded !== bLoaded) return aLoaded - bLoaded;
    if (a.stage !== b.stage) return STAGE_ORDER[a.stage] - STAGE_ORDER[b.stage];
    if (a.weight !== b.weight) return b.weight - a.weight;
    return a.id - b.id;
  };
}

/**
 * Assigns waiting stages to idle hosts. Hosts whose loaded model some waiting stage needs
 * choose first, so a stage goes to the host that already holds its model when there is one.
 */
export function assignStages(options: {
  readonly waiting: readonly WaitingStage[];
  readonly idle: readonly IdleHost[];
  /** True for pools of several hosts (see {@link compareForHost}). */
  readonly earlierFirst: boolean;
}): Assignment[] {
  const taken = new Set<number>();
  const out: Assignment[] = [];
  const warm = (host: IdleHost): number =>
    options.waiting.some((s) => s.modelSet === host.loadedModelSet && eligible(s, host)) ? 0 : 1;
  const hosts = [...options.idle].sort((a, b) => warm(a) - warm(b));
  for (const host of hosts) {
    const candidates = options.waiting.filter((s) => !taken.has(s.id) && eligible(s, host));
    if (candidates.length === 0) continue;
    const pick = [...candidates].sort(compareForHost(host, options.earlierFirst))[0];
    if (pick === undefined) continue;
    taken.add(pick.id);
    out.push({ host: host.url, stageId: pick.id });
  }
  return out;
}
