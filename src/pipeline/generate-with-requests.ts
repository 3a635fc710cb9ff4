/**
 * `libero generate` and the generate step of `libero render`: {@link generateProject} with the
 * project's stored requests handled as `libero serve` handles them (stored-requests.ts,
 * regen-requests.ts), so that the CLI and the service, run in turn on one project, share one
 * meaning of a regen marker: the one that sees it first stores it as a request with its own
 * regen offset and makes its take; the other finds the request done and makes nothing for it.
 *
 *   1. requests whose last run failed are pending again (a CLI run starts like the service);
 *   2. the whole project is generated: planning stores every regen marker not seen before as a
 *      request (before any GPU work, so a crash loses none), each shot is made with its newest
 *      marker's offset;
 *   3. pending requests whose take now exists are done; a request of a shot whose run failed is
 *      failed (the next run, or the service's start, tries it again);
 *   4. every other pending request of a shot in this run (an older marker of a shot that got two
 *      at once, a marker removed before its take was made, an API regenerate or a new shot the
 *      service left unfinished) gets its own take, one {@link generateRequest} each.
 */
import type { LiberoError } from '../shared/index.js';
import { generateProject } from './generate-project.js';
import type { GenerateProjectOptions, GenerateResult, ShotSummary } from './generate-project.js';
import { generateRequest, plannedKey } from './generate-request.js';
import type { PipelineEvent } from './pipeline-event.js';
import { openProjectState } from './project-state.js';
import { finishRequest, retryFailedRequests, settleRequests } from './stored-requests.js';

/** Options for {@link generateWithRequests}. */
export type GenerateWithRequestsOptions = Omit<GenerateProjectOptions, 'regen'>;

/** Events of a request's own run that the caller sees (its plan and file writes are internal). */
function requestEvent(event: PipelineEvent): boolean {
  switch (event.type) {
    case 'shots-found':
    case 'changes':
    case 'plan-ready':
    case 'conformed':
      return false;
    default:
      return true;
  }
}

/**
 * The main run's summary of a shot, updated by its request runs: their takes and active take,
 * failed when one failed, generated when one made something.
 */
function mergedSummary(main: ShotSummary, runs: readonly ShotSummary[]): ShotSummary {
  const last = runs.at(-1);
  if (last === undefined) return main;
  const error: LiberoError | null = main.error ?? runs.find((r) => r.error !== null)?.error ?? null;
  const generated = main.status === 'generated' || runs.some((r) => r.status === 'generated');
  return {
    ...last,
    status: error !== null ? 'failed' : generated ? 'generated' : main.status,
    error,
  };
}

/** Generates the project and every stored request of its shots; returns the combined result. */
export async function generateWithRequests(
  options: GenerateWithRequestsOptions,
): Promise<GenerateResult> {
  const { project, generator, now } = options;
  const started = now();
  const state = options.state ?? openProjectState(project);
  try {
    const { store } = state;
    const at = (): string => now().toISOString();
    const aborted = (): boolean => options.signal?.aborted === true;
    retryFailedRequests({ store, at: at() });
    // One `conformed` event (the last), once every run has written the file.
    const conformed: PipelineEvent[] = [];
    const emit = (event: PipelineEvent): void => {
      if (event.type === 'conformed') conformed.splice(0, conformed.length, event);
      else options.onEvent?.(event);
    };
    const main = await generateProject({
      ...options,
      state,
      onEvent: emit,
      regen: { at: at(), forced: null },
    });
    const runs = new Map<string, ShotSummary[]>();
    const results: GenerateResult[] = [];
    if (!aborted()) {
      const inRun = new Map(
        main.shots.filter((s) => s.status !== 'skipped').map((s) => [s.shotId, s]),
      );
      const waiting = settleRequests({
        store,
        plannedKey: (record) =>
          plannedKey({
            project,
            generator,
            state,
            planning: (forced) => ({ at: at(), forced }),
            shotId: record.shotId,
            forced: { shotId: record.shotId, regen: record.regen },
          }),
        at: at(),
      });
      for (const record of waiting) {
        const shot = inRun.get(record.shotId);
        // not in the cut, or not asked for (`--shot`): the request waits for a run that has it
        if (shot === undefined) continue;
        if (shot.error !== null) {
          finishRequest({ store, id: record.id, takesBefore: 0, error: shot.error, at: at() });
          continue;
        }
        const result = await generateRequest({
          project,
          generator,
          state,
          requestId: record.id,
          shot: { id: shot.shotId, name: shot.clipName },
          signal: options.signal,
          onEvent: (event) => {
            if (requestEvent(event)) emit(event);
          },
          now,
        });
        if (result === null) continue;
        results.push(result);
        const summary = result.shots.find((s) => s.shotId === shot.shotId);
        if (summary !== undefined)
          runs.set(shot.shotId, [...(runs.get(shot.shotId) ?? []), summary]);
        if (aborted()) break;
      }
    }
    for (const event of conformed) options.onEvent?.(event);
    const last = results.at(-1) ?? main;
    return {
      ...main,
      shots: main.shots.map((s) => mergedSummary(s, runs.get(s.shotId) ?? [])),
      ran: results.reduce((n, r) => n + r.ran, main.ran),
      cached: results.reduce((n, r) => n + r.cached, main.cached),
      seconds: (now().getTime() - started.getTime()) / 1000,
      faultsInCut: last.faultsInCut,
    };
  } finally {
    if (options.state === null) state.close();
  }
}
