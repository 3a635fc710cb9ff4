/**
 * One stored request's take (stored-requests.ts): the project version the request asks for, the
 * key its take will have recorded before any GPU work (so a restart knows it), one
 * `generateProject` run of its shot, and the request finished: done with that take, or failed.
 * What the service's request jobs do (src/server/pipeline-engine.ts) and what
 * `generateWithRequests` runs for each request a CLI run finds waiting; both plan a request's
 * version of the project with {@link requestVariant}.
 */
import type { RequestRecord } from '../generators/state-store.js';
import { generateProject, planWithState } from './generate-project.js';
import type { GenerateResult, Generator } from './generate-project.js';
import type { RegenerateOverrides } from './inject-regenerate.js';
import type { PipelineEvent } from './pipeline-event.js';
import type { ProjectState } from './project-state.js';
import type { Project } from './project.js';
import { markerStillOn } from './regen-requests.js';
import type { ForcedRegen, RegenPlanning } from './regen-requests.js';
import { markerVariant, regenerateVariant } from './regenerate-variant.js';
import { finishRequest, planRequest } from './stored-requests.js';

/** The project version a request's take is made from, its forced regen offset and its key. */
export interface RequestVariant {
  readonly project: Project;
  readonly forced: ForcedRegen | null;
  /** The key its take will have; null when its shot is not in that version. */
  readonly finalKey: string | null;
}

/** What planning a request needs. */
export interface RequestPlanning {
  readonly generator: Generator;
  readonly state: ProjectState;
  /** How regen markers are planned, with one request's offset forced or none. */
  readonly planning: (forced: ForcedRegen | null) => RegenPlanning;
}

/** The key of the shot's take planned on `project` (null: the shot is not in the cut). */
export function plannedKey(
  o: RequestPlanning & { project: Project; shotId: string; forced: ForcedRegen | null },
): string | null {
  const plan = planWithState({
    project: o.project,
    generator: o.generator,
    state: o.state,
    regen: o.planning(o.forced),
  });
  return plan.shots.find((s) => s.entry.spec.shotId === o.shotId)?.plan.finalKey ?? null;
}

/**
 * The version of the project a stored request is made from, and the key its take will have: an
 * API regenerate's overrides (regenerate-variant.ts), a regen marker's own regen offset (put back
 * on its clip when the editor removed it meanwhile), or the project as loaded (a new shot).
 */
export function requestVariant(
  o: RequestPlanning & {
    project: Project;
    shot: { readonly id: string; readonly name: string };
    record: RequestRecord;
  },
): RequestVariant {
  const { record, shot } = o;
  let project = o.project;
  let forced: ForcedRegen | null = null;
  if (record.source === 'api')
    project = regenerateVariant({
      project: o.project,
      shot,
      request: JSON.parse(record.params) as RegenerateOverrides,
      generator: o.generator,
      state: o.state,
      regen: o.planning(null),
    });
  if (record.source === 'marker') {
    forced = { shotId: shot.id, regen: record.regen };
    const entry = planWithState({
      project: o.project,
      generator: o.generator,
      state: o.state,
      regen: o.planning(null),
    }).shots.find((s) => s.entry.spec.shotId === shot.id)?.entry;
    const params = JSON.parse(record.params) as { at: number; name: string; note: string };
    project = markerVariant({
      project: o.project,
      shot,
      marker: { atSeconds: params.at, name: params.name, note: params.note },
      present: entry !== undefined && markerStillOn(entry, record.id),
    });
  }
  return { project, forced, finalKey: plannedKey({ ...o, project, shotId: shot.id, forced }) };
}

/** Options for {@link generateRequest}. */
export interface GenerateRequestOptions {
  /** The project as loaded (the request's variant is made from it). */
  readonly project: Project;
  readonly generator: Generator;
  readonly state: ProjectState;
  /** The request (read again from the store: only a pending one runs). */
  readonly requestId: string;
  /** Its shot: id and clip name. */
  readonly shot: { readonly id: string; readonly name: string };
  readonly signal: AbortSignal | null;
  readonly onEvent: ((event: PipelineEvent) => void) | null;
  readonly now: () => Date;
}

/**
 * Makes one pending request's take and finishes the request (unless the run was aborted: it stays
 * pending). Returns the run's result, or null when the request is no longer pending.
 */
export async function generateRequest(
  options: GenerateRequestOptions,
): Promise<GenerateResult | null> {
  const { state, shot, now } = options;
  const { store } = state;
  const record = store.request(options.requestId);
  if (record === null || record.state !== 'pending') return null;
  const at = (): string => now().toISOString();
  const planning = (forced: ForcedRegen | null): RegenPlanning => ({ at: at(), forced });
  const asked = requestVariant({
    generator: options.generator,
    state,
    planning,
    project: options.project,
    shot,
    record,
  });
  if (asked.finalKey !== null) planRequest({ store, record, finalKey: asked.finalKey, at: at() });
  const takesBefore = store.takes(shot.id).reduce((n, t) => Math.max(n, t.number), 0);
  const result = await generateProject({
    project: asked.project,
    generator: options.generator,
    shotIds: [shot.id],
    state,
    signal: options.signal,
    onEvent: options.onEvent,
    now,
    regen: planning(asked.forced),
  });
  if (options.signal?.aborted === true) return result;
  const error = result.shots.find((s) => s.shotId === shot.id)?.error ?? null;
  finishRequest({ store, id: record.id, takesBefore, error, at: at() });
  if (error === null && record.source === 'api') {
    // Asked for from the panel: the new take is the editor's choice (the timeline itself still
    // asks for the old prompt/seed, which would otherwise win the next conform).
    const takes = store.takes(shot.id);
    const newest = takes.reduce((n, t) => Math.max(n, t.number), 0);
    if (newest > takesBefore)
      store.setChoice({ shotId: shot.id, number: newest, takesAtChoice: takes.length }, shot.id);
  }
  return result;
}
