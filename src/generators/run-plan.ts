/**
 * Runs shot plans: every step whose output is not in the cache runs once (a step two shots
 * share runs once for both), in dependency order, through the GeneratorBackend port (backend
 * stages) or ffmpeg (the runner's local steps). Shots run `concurrency` at a time; a failure
 * fails its shot and the others go on. Every change is recorded in the state store, every
 * output committed to the cache with its provenance, and reported as a typed event.
 */
import { readFile, rm } from 'node:fs/promises';
import { runFfmpeg } from '../media/index.js';
import { isLiberoError, LiberoError } from '../shared/index.js';
import type { GeneratorBackend } from './generator-backend.js';
import type { GenerationEvent } from './generation-event.js';
import { makeDegradedTake } from './degraded-take.js';
import type { DegradedTake } from './degraded-take.js';
import { joinClipsJob, lastFrameJob } from './local-step-jobs.js';
import type { MediaCache, Provenance } from './media-cache.js';
import type { PlanStep, ShotPlan } from './plan-step.js';
import type { StateStore } from './state-store.js';

export { degradedKey } from './degraded-take.js';
export type { DegradedTake } from './degraded-take.js';

/** Options for {@link runPlan}. */
export interface RunPlanOptions {
  readonly plans: readonly ShotPlan[];
  readonly backend: GeneratorBackend;
  readonly cache: MediaCache;
  readonly store: StateStore;
  readonly signal: AbortSignal | null;
  readonly onEvent: ((event: GenerationEvent) => void) | null;
  readonly now: () => Date;
  /** Shots worked on at the same time (the draft backend: the CPU cores; ComfyUI: the hosts). */
  readonly concurrency: number;
}

/** The outcome for one shot. */
export type ShotOutcome =
  | {
      readonly shotId: string;
      readonly ok: true;
      readonly file: string;
      readonly generated: boolean;
    }
  | {
      readonly shotId: string;
      readonly ok: false;
      readonly error: LiberoError;
      /**
       * When the upscale failed for good: the video scaled to the delivery size, for the editor
       * to cut with until a later run upscales it (`reason`: `not upscaled: <why>`).
       */
      readonly degraded: DegradedTake | null;
    };

/** What a run did. */
export interface RunPlanResult {
  readonly outcomes: readonly ShotOutcome[];
  /** Steps that ran (cache misses). */
  readonly ran: number;
  /** Steps found in the cache. */
  readonly cached: number;
}

function asLiberoError(error: unknown, step: PlanStep): LiberoError {
  if (isLiberoError(error) && (error.code === 'ABORTED' || error.code === 'GENERATOR_STAGE_FAILED'))
    return error;
  const message = error instanceof Error ? error.message : String(error);
  return new LiberoError(
    'GENERATOR_STAGE_FAILED',
    `shot ${step.shotId}: the ${step.kind} step failed: ${message}`,
    {
      details: { shotId: step.shotId, kind: step.kind, key: step.key },
      cause: error,
    },
  );
}

/** Runs the plans; resolves when every shot is done or failed (rejects only when aborted). */
export async function runPlan(options: RunPlanOptions): Promise<RunPlanResult> {
  const { cache, store, backend, now } = options;
  const emit = (event: GenerationEvent): void => options.onEvent?.(event);
  const inFlight = new Map<string, Promise<{ file: string; fresh: boolean }>>();
  const stepsByKey = new Map<string, PlanStep>();
  for (const plan of options.plans) for (const step of plan.steps) stepsByKey.set(step.key, step);
  let ran = 0;
  let cached = 0;
  store.requeueInterrupted(now().toISOString());

  const fileOf = (key: string): string => {
    const step = stepsByKey.get(key);
    const file = step === undefined ? null : cache.lookup(key, step.ext);
    if (file === null)
      throw new LiberoError('INTERNAL', `input ${key} of a step is not in the cache`);
    return file;
  };

  /**
   * Chained segments whose backend found frame 0 is not their input frame (provenance
   * `firstFrame.matchesInput` false: the wrapper dropped a first latent): the join keeps it.
   */
  const startsOff = async (keys: readonly string[]): Promise<number[]> => {
    const off: number[] = [];
    for (const [index, key] of keys.entries()) {
      if (index === 0) continue;
      const sidecar = await readFile(cache.sidecarFor(key), 'utf8').catch(() => null);
      const facts = sidecar === null ? null : (JSON.parse(sidecar) as Partial<Provenance>);
      const first = facts?.backendFacts?.['firstFrame'] as { matchesInput?: unknown } | undefined;
      if (first?.matchesInput === false) off.push(index);
    }
    return off;
  };

  /** Runs one step into its work folder; returns its output file, host and facts. */
  const produce = async (o: {
    step: PlanStep;
    workDir: string;
    inputs: Record<string, string>;
    host: string;
  }): Promise<{ output: string; host: string; facts: Readonly<Record<string, unknown>> }> => {
    const { step, workDir, inputs, host } = o;
    if (step.kind === 'last-frame') {
      const output = `${workDir}/last-frame.png`;
      await runFfmpeg({
        job: lastFrameJob({ video: inputs['video'] as string, output }),
        signal: options.signal,
        onProgress: null,
      });
      return { output, host, facts: {} };
    }
    if (step.kind === 'join') {
      const output = `${workDir}/joined.mp4`;
      await runFfmpeg({
        job: joinClipsJob({
          videos: step.joinInputs.map(fileOf),
          fps: Number(step.params['fps']),
          frames: Number(step.params['frames']),
          dropFirstFrameOfChained: step.params['dropFirstFrameOfChained'] === true,
          keepFirstFrameOf: await startsOff(step.joinInputs),
          output,
        }),
        signal: options.signal,
        onProgress: null,
      });
      return { output, host, facts: {} };
    }
    const result = await backend.run(
      {
        shotId: step.shotId,
        stage: step.kind,
        key: step.key,
        template: step.template,
        params: step.params,
        inputs,
        outputDir: workDir,
      },
      {
        signal: options.signal,
        onProgress: (p) =>
          emit({
            type: 'step-progress',
            shotId: step.shotId,
            kind: step.kind,
            key: step.key,
            fraction: p.fraction,
          }),
      },
    );
    return { output: result.file, host: result.host, facts: result.provenance };
  };

  const execute = async (step: PlanStep): Promise<{ file: string; fresh: boolean }> => {
    const hit = cache.lookup(step.key, step.ext);
    if (hit !== null) {
      cached += 1;
      emit({ type: 'step-cached', shotId: step.shotId, kind: step.kind, key: step.key, file: hit });
      return { file: hit, fresh: false };
    }
    const started = now();
    const host = step.kind === 'last-frame' || step.kind === 'join' ? 'local' : backend.name;
    store.setJob({
      key: step.key,
      shotId: step.shotId,
      kind: step.kind,
      state: 'running',
      error: null,
      updatedAt: started.toISOString(),
    });
    emit({ type: 'step-started', shotId: step.shotId, kind: step.kind, key: step.key, host });
    const workDir = await cache.workDir(step.key);
    const inputs: Record<string, string> = {};
    if (step.inputs.image !== undefined) inputs['image'] = fileOf(step.inputs.image);
    if (step.inputs.video !== undefined) inputs['video'] = fileOf(step.inputs.video);
    let produced: { output: string; host: string; facts: Readonly<Record<string, unknown>> };
    try {
      produced = await produce({ step, workDir, inputs, host });
    } catch (error) {
      // A failed or cancelled step leaves nothing behind; the cache only ever holds whole outputs.
      await rm(workDir, { recursive: true, force: true });
      throw error;
    }
    const { output, facts } = produced;
    const resultHost = produced.host;
    const finished = now();
    const seconds = (finished.getTime() - started.getTime()) / 1000;
    const file = await cache.commit({
      file: output,
      workDir,
      provenance: {
        key: step.key,
        shotId: step.shotId,
        kind: step.kind,
        template: step.template,
        templateVersion: step.templateVersion,
        params: step.params,
        inputs: { keys: { ...step.inputs, join: step.joinInputs }, files: inputs },
        backend: host === 'local' ? 'local' : backend.name,
        host: resultHost,
        startedAt: started.toISOString(),
        finishedAt: finished.toISOString(),
        seconds,
        backendFacts: facts,
      },
    });
    ran += 1;
    store.recordResult({
      key: step.key,
      shotId: step.shotId,
      kind: step.kind,
      file,
      host: resultHost,
      startedAt: started.toISOString(),
      finishedAt: finished.toISOString(),
    });
    store.setJob({
      key: step.key,
      shotId: step.shotId,
      kind: step.kind,
      state: 'done',
      error: null,
      updatedAt: finished.toISOString(),
    });
    emit({
      type: 'step-done',
      shotId: step.shotId,
      kind: step.kind,
      key: step.key,
      file,
      host: resultHost,
      seconds,
    });
    return { file, fresh: true };
  };

  const once = (step: PlanStep): Promise<{ file: string; fresh: boolean }> => {
    let running = inFlight.get(step.key);
    if (running === undefined) {
      running = execute(step).catch((error: unknown) => {
        const failure = asLiberoError(error, step);
        store.setJob({
          key: step.key,
          shotId: step.shotId,
          kind: step.kind,
          state: 'failed',
          error: failure.message,
          updatedAt: now().toISOString(),
        });
        emit({
          type: 'step-failed',
          shotId: step.shotId,
          kind: step.kind,
          key: step.key,
          error: failure,
        });
        throw failure;
      });
      inFlight.set(step.key, running);
    }
    return running;
  };

  const degrade = (step: PlanStep, error: LiberoError): Promise<DegradedTake | null> =>
    makeDegradedTake({ step, error, cache, signal: options.signal, now });

  const runShot = async (plan: ShotPlan): Promise<ShotOutcome> => {
    let file = '';
    let generated = false;
    let current: PlanStep | null = null;
    try {
      for (const step of plan.steps) {
        current = step;
        if (options.signal?.aborted === true)
          throw new LiberoError('ABORTED', `generation was cancelled at shot ${plan.shotId}`, {
            cause: options.signal.reason,
          });
        const done = await once(step);
        file = done.file;
        generated ||= done.fresh;
      }
    } catch (error) {
      const failure = isLiberoError(error)
        ? error
        : new LiberoError('INTERNAL', String(error), { cause: error });
      emit({ type: 'shot-failed', shotId: plan.shotId, error: failure });
      const degraded =
        current?.kind === 'upscale' &&
        current.key === plan.finalKey &&
        failure.code !== 'ABORTED' &&
        options.signal?.aborted !== true
          ? await degrade(current, failure)
          : null;
      if (degraded !== null)
        emit({
          type: 'shot-degraded',
          shotId: plan.shotId,
          file: degraded.file,
          reason: degraded.reason,
        });
      return { shotId: plan.shotId, ok: false, error: failure, degraded };
    }
    emit({ type: 'shot-done', shotId: plan.shotId, file, generated });
    return { shotId: plan.shotId, ok: true, file, generated };
  };

  const outcomes: ShotOutcome[] = new Array<ShotOutcome>(options.plans.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < options.plans.length) {
      const index = next;
      next += 1;
      outcomes[index] = await runShot(options.plans[index] as ShotPlan);
    }
  };
  const workers = Array.from(
    { length: Math.max(1, Math.min(options.concurrency, options.plans.length)) },
    worker,
  );
  await Promise.all(workers);
  if (options.signal?.aborted === true)
    throw new LiberoError('ABORTED', 'generation was cancelled', { cause: options.signal.reason });
  return { outcomes, ran, cached };
}
