/**
 * An API regenerate as a version of the project: the shot's clip carries the request's
 * overrides (markers, see inject-regenerate.ts) and, when needed, extra regen counts, until its
 * plan makes a take the shot does not have yet.
 */
import type { Generator } from './generate-project.js';
import { planWithState } from './generate-project.js';
import { injectRegenerate } from './inject-regenerate.js';
import type { RegenerateOverrides } from './inject-regenerate.js';
import type { ProjectState } from './project-state.js';
import type { RegenPlanning } from './regen-requests.js';
import { projectFromText } from './project.js';
import type { Project } from './project.js';
import { LiberoError } from '../shared/index.js';

/** Options for {@link regenerateVariant}. */
export interface RegenerateVariantOptions {
  readonly project: Project;
  readonly shot: { readonly id: string; readonly name: string };
  readonly request: RegenerateOverrides;
  readonly generator: Generator;
  readonly state: ProjectState;
  /** How regen markers are counted (the service: as stored requests). */
  readonly regen: RegenPlanning;
}

/**
 * The project as a stored regen marker asked for it: the marker put back on its clip when the
 * editor removed it before its take was made (so its note still counts).
 */
export function markerVariant(o: {
  project: Project;
  shot: { readonly id: string; readonly name: string };
  marker: { atSeconds: number; name: string; note: string };
  present: boolean;
}): Project {
  if (o.present) return o.project;
  const text = injectRegenerate({
    timelineText: o.project.timelineText,
    shotId: o.shot.id,
    clipName: o.shot.name,
    request: {},
    extraRegen: 0,
    regenMarker: o.marker,
  });
  const parsed = projectFromText({
    timelineFile: o.project.timelineFile,
    timelineText: text,
    configText: null,
  });
  return { ...parsed, config: o.project.config, outDir: o.project.outDir };
}

/** A version of the project whose plan for the shot makes a take it does not have yet. */
export function regenerateVariant(o: RegenerateVariantOptions): Project {
  const { shot, request, state } = o;
  const existing = new Set(state.store.takes(shot.id).map((t) => t.finalKey));
  const overrides = Object.keys(request).length > 0;
  for (let extra = 0; extra < 100; extra += 1) {
    if (extra === 0 && !overrides) continue;
    const text = injectRegenerate({
      timelineText: o.project.timelineText,
      shotId: shot.id,
      clipName: shot.name,
      request,
      extraRegen: extra,
      regenMarker: null,
    });
    const parsed = projectFromText({
      timelineFile: o.project.timelineFile,
      timelineText: text,
      configText: null,
    });
    const variant = { ...parsed, config: o.project.config, outDir: o.project.outDir };
    const plan = planWithState({ project: variant, generator: o.generator, state, regen: o.regen });
    const planned = plan.shots.find((s) => s.entry.spec.shotId === shot.id);
    if (planned === undefined) break;
    if (
      !existing.has(planned.plan.finalKey) &&
      state.cache.lookup(planned.plan.finalKey, 'mp4') === null
    )
      return variant;
  }
  throw new LiberoError('API_CONFLICT', `cannot find a new variation of shot "${shot.id}"`, {
    details: { shotId: shot.id },
  });
}
