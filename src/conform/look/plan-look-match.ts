/**
 * Which shot gets which automatic CDL: the pure decision of look matching. Shots are grouped
 * by scene (or all together), each group's reference look is resolved, and every shot that
 * takes part gets a derived CDL (a shot alone in its group is its own reference and is left
 * as it is). The editor's own CDL always wins; opted-out shots are left
 * untouched; neither takes part in the median.
 */
import { isIdentityCdl } from './cdl.js';
import type { Cdl } from './cdl.js';
import type { CdlLimits } from './cdl-limits.js';
import { deriveCdl } from './derive-cdl.js';
import { lookDistance } from './look-distance.js';
import type { LookStats } from './look-stats.js';
import { referenceLook } from './reference-look.js';
import type { ReferenceChoice } from './reference-look.js';

/** One shot as look matching sees it. */
export interface LookShot {
  readonly shotId: string;
  /** The scene it belongs to, or null (then it joins the project-wide group). */
  readonly scene: string | null;
  readonly look: LookStats;
  /** `metadata.libero.match: false` or a `nomatch` marker. */
  readonly optOut: boolean;
  /** The editor's `metadata.libero.cdl`, or null. */
  readonly editorCdl: Cdl | null;
}

/**
 * What happens to a shot: `matched` (a CDL), `reference` (it is the reference), `opted-out`,
 * `editor-cdl` (the editor's grade wins), `in-dead-band` (already within `deadBand` ΔE00 of the
 * reference: left alone), `no-gain` (no CDL inside the safe limits brings it nearer: left alone).
 */
export type LookMatchStatus =
  'matched' | 'reference' | 'opted-out' | 'editor-cdl' | 'in-dead-band' | 'no-gain';

/** The decision for one shot. */
export interface LookDecision {
  readonly shotId: string;
  readonly scene: string | null;
  readonly status: LookMatchStatus;
  /** The automatic CDL to write as `cdl_auto`, or null (nothing to write). */
  readonly cdl: Cdl | null;
  /** The limits held the CDL back (a deliberately different shot). */
  readonly limited: boolean;
  /** Colour distance to the reference before matching (mean ΔE00 of frame averages). */
  readonly distanceBefore: number;
  readonly reference: LookStats;
}

/** Options for {@link planLookMatch}. */
export interface PlanLookMatchOptions {
  readonly shots: readonly LookShot[];
  /** 'scene' matches each scene to its own reference; 'project' matches all shots to one. */
  readonly scope: 'scene' | 'project';
  readonly choice: ReferenceChoice;
  readonly limits: CdlLimits;
  /** A shot within this many ΔE00 of its reference is left alone (libero.json `look.deadBand`). */
  readonly deadBand: number;
}

/**
 * The reference choice of one group: with per-scene matching, a chosen reference shot from
 * another scene leaves this scene on its median; project-wide, an unknown shot is an error.
 */
function groupChoice(
  options: PlanLookMatchOptions,
  candidates: readonly LookShot[],
): ReferenceChoice {
  const { choice } = options;
  if (choice.kind !== 'shot' || options.scope === 'project') return choice;
  return candidates.some((s) => s.shotId === choice.shotId) ? choice : { kind: 'median' };
}

/** Plans the look match (pure). Order of the result follows `shots`. */
export function planLookMatch(options: PlanLookMatchOptions): LookDecision[] {
  const groupOf = (s: LookShot): string => (options.scope === 'project' ? '' : (s.scene ?? ''));
  const references = new Map<string, LookStats>();
  for (const group of new Set(options.shots.map(groupOf))) {
    const members = options.shots.filter((s) => groupOf(s) === group);
    const candidates = members.filter((s) => !s.optOut && s.editorCdl === null);
    const choice = groupChoice(options, candidates);
    if (candidates.length === 0 && choice.kind !== 'still') continue;
    references.set(group, referenceLook({ choice, shots: candidates }));
  }
  return options.shots.map((shot): LookDecision => {
    const reference = references.get(groupOf(shot)) ?? shot.look;
    const distanceBefore = lookDistance(shot.look, reference);
    const base = { shotId: shot.shotId, scene: shot.scene, reference, distanceBefore };
    if (shot.editorCdl !== null)
      return { ...base, status: 'editor-cdl', cdl: null, limited: false };
    if (shot.optOut) return { ...base, status: 'opted-out', cdl: null, limited: false };
    const alone =
      options.choice.kind !== 'still' &&
      options.shots.filter((s) => groupOf(s) === groupOf(shot) && !s.optOut && s.editorCdl === null)
        .length === 1;
    if (alone || (options.choice.kind === 'shot' && options.choice.shotId === shot.shotId)) {
      return { ...base, status: 'reference', cdl: null, limited: false };
    }
    if (distanceBefore <= options.deadBand) {
      return { ...base, status: 'in-dead-band', cdl: null, limited: false };
    }
    const { cdl, limited } = deriveCdl({ shot: shot.look, reference, limits: options.limits });
    if (isIdentityCdl(cdl)) return { ...base, status: 'no-gain', cdl: null, limited };
    return { ...base, status: 'matched', cdl, limited };
  });
}
