/**
 * What the service tracks per shot between events (status, stage bars, last error), and the
 * API view of a shot: the engine's shot plus that runtime, file paths turned into URLs.
 */
import type { ApiError, Shot, ShotStatus, StageKind, StageState, StandIn } from './api-contract.js';
import type { EngineShot, EngineStandIn } from './project-engine.js';
import { servedUrlFor } from './served-file.js';
import type { ServedRoots } from './served-file.js';

/** The stages of a chain, in order. */
export const STAGES: readonly StageKind[] = ['still', 'video', 'upscale'];

/** A shot's live state in the service. */
export interface ShotRuntime {
  status: ShotStatus;
  stages: Map<StageKind, StageState>;
  error: ApiError | null;
  failedStage: StageKind | null;
  /** The stand-in its last job left (upscale failed on every host); null: none. */
  degraded: EngineStandIn | null;
}

/**
 * A fresh runtime: `queued` stages are queued, the stages before them done (a resumed shot),
 * a done shot has every stage done.
 */
export function runtimeFor(status: ShotStatus, queued: readonly StageKind[]): ShotRuntime {
  const stages = new Map<StageKind, StageState>();
  for (const stage of STAGES) {
    const s: StageState['status'] =
      status === 'done'
        ? 'done'
        : queued.includes(stage)
          ? 'queued'
          : status === 'queued'
            ? 'done'
            : 'pending';
    stages.set(stage, { stage, status: s, percent: s === 'done' ? 100 : 0 });
  }
  return { status, stages, error: null, failedStage: null, degraded: null };
}

/**
 * Records a stage's progress (earlier stages are done); false when nothing changed (no event
 * to send).
 */
export function markProgress(rt: ShotRuntime, stage: StageKind, percent: number): boolean {
  for (const s of STAGES.slice(0, STAGES.indexOf(stage))) {
    const earlier = rt.stages.get(s);
    if (earlier !== undefined && earlier.status !== 'done')
      rt.stages.set(s, { stage: s, status: 'done', percent: 100 });
  }
  const before = rt.stages.get(stage);
  if (before?.status === 'running' && before.percent === percent) return false;
  rt.stages.set(stage, { stage, status: 'running', percent });
  return true;
}

/** Records a failure, on the stage that was running when there was one. */
export function markFailed(rt: ShotRuntime, stage: StageKind | null, error: ApiError): void {
  rt.status = 'failed';
  rt.error = error;
  rt.failedStage = stage;
  if (stage !== null)
    rt.stages.set(stage, { stage, status: 'failed', percent: rt.stages.get(stage)?.percent ?? 0 });
}

/** The API view of a stand-in: its file as a served URL. */
export function standInView(standIn: EngineStandIn, roots: ServedRoots): StandIn {
  return {
    reason: standIn.reason,
    previewUrl: servedUrlFor({ file: standIn.file, engine: roots }),
  };
}

/** The API view of a shot. */
export function toShotView(options: {
  shot: EngineShot;
  runtime: ShotRuntime | undefined;
  roots: ServedRoots;
}): Shot {
  const { shot, roots } = options;
  const rt = options.runtime ?? runtimeFor(shot.needsPrompt ? 'needs-prompt' : 'pending', []);
  const url = (file: string | null): string | null =>
    file === null ? null : servedUrlFor({ file, engine: roots });
  return {
    id: shot.id,
    name: shot.name,
    index: shot.index,
    prompt: shot.prompt,
    seed: shot.seed,
    motion: shot.motion,
    status: rt.status,
    stages: STAGES.map((s) => rt.stages.get(s) ?? { stage: s, status: 'pending', percent: 0 }),
    takes: shot.takes.map((t) => ({
      id: t.id,
      active: t.id === shot.activeTake,
      prompt: t.prompt,
      seed: t.seed,
      stillUrl: url(t.stillFile),
      previewUrl: url(t.previewFile),
      createdAt: t.createdAt,
      qc: t.qc,
    })),
    activeTake: shot.activeTake,
    error: rt.error,
    // the stand-in a job just made, else the one the loaded version found in the cache
    degraded: shot.takes.length > 0 ? null : standIn(rt.degraded ?? shot.degraded, roots),
  };
}

function standIn(value: EngineStandIn | null, roots: ServedRoots): StandIn | null {
  return value === null ? null : standInView(value, roots);
}
