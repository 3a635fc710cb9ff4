/**
 * The version of the project a stored request is made from, and the key its take will have: an
 * API regenerate's overrides (regenerate-variant.ts), a regen marker's own regen offset (put back
 * on its clip when the editor removed it meanwhile), or the project as loaded (a new shot).
 */
import type { Generator } from '../pipeline/generate-project.js';
import { planWithState } from '../pipeline/generate-project.js';
import type { ProjectState } from '../pipeline/project-state.js';
import type { Project } from '../pipeline/project.js';
import { markerStillOn } from '../pipeline/regen-requests.js';
import type { ForcedRegen, RegenPlanning } from '../pipeline/regen-requests.js';
import type { storeRequest } from '../pipeline/stored-requests.js';
import type { RegenerateRequest } from './api-contract.js';
import type { EngineRequest } from './project-engine.js';
import { markerVariant, regenerateVariant } from './regenerate-variant.js';

/** A stored request. */
export type StoredRequest = ReturnType<typeof storeRequest>;

/** The request as the service's jobs carry it. */
export function engineRequestOf(record: StoredRequest): EngineRequest {
  return { id: record.id, shotId: record.shotId, source: record.source };
}

/** What planning a request needs. */
export interface RequestPlanning {
  readonly generator: Generator;
  readonly state: ProjectState;
  /** How regen markers are counted, with one request's offset forced or none. */
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

/** The project a request's take is made from, its forced regen offset and its take's key. */
export function requestProject(
  o: RequestPlanning & {
    project: Project;
    shot: { readonly id: string; readonly name: string };
    record: StoredRequest;
  },
): { project: Project; forced: ForcedRegen | null; finalKey: string | null } {
  const { record, shot } = o;
  let project = o.project;
  let forced: ForcedRegen | null = null;
  if (record.source === 'api')
    project = regenerateVariant({
      project: o.project,
      shot,
      request: JSON.parse(record.params) as RegenerateRequest,
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
