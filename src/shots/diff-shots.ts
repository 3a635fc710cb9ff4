/** What changed between two versions of a timeline, shot by shot (matched by shot id). */
import type { ShotEntry } from './find-shots.js';

/** How a shot changed. */
export type ShotChangeKind =
  'added' | 'removed' | 'spec-changed' | 'regenerate' | 'moved' | 'unchanged';

/** One shot's change. */
export interface ShotChange {
  readonly shotId: string;
  readonly kind: ShotChangeKind;
  /** Fields of the spec that differ (for `spec-changed`). */
  readonly fields: readonly string[];
}

type Comparable = Pick<
  ShotEntry,
  'spec' | 'recordStart' | 'recordDuration' | 'specHash' | 'trackName'
>;

const IGNORED = new Set(['durationFrames', 'durationRate', 'clipName', 'regen']);

function changedFields(a: Comparable, b: Comparable): string[] {
  const fields: string[] = [];
  for (const key of Object.keys(a.spec) as (keyof typeof a.spec)[]) {
    if (IGNORED.has(key)) continue;
    if (JSON.stringify(a.spec[key]) !== JSON.stringify(b.spec[key])) fields.push(key);
  }
  return fields;
}

/**
 * Classifies every shot of `before` and `after`: added, removed, spec changed (prompt, seed,
 * motion, ...: a new take), regenerate requested (more regen markers), only moved (position,
 * track or trim changed, same request), or unchanged. Sorted by shot id.
 */
export function diffShots(
  before: readonly Comparable[],
  after: readonly Comparable[],
): ShotChange[] {
  const old = new Map(before.map((s) => [s.spec.shotId, s]));
  const now = new Map(after.map((s) => [s.spec.shotId, s]));
  const changes: ShotChange[] = [];
  for (const [id, b] of now) {
    const a = old.get(id);
    if (a === undefined) changes.push({ shotId: id, kind: 'added', fields: [] });
    else if (a.specHash !== b.specHash && changedFields(a, b).length > 0)
      changes.push({ shotId: id, kind: 'spec-changed', fields: changedFields(a, b) });
    else if (b.spec.regen > a.spec.regen)
      changes.push({ shotId: id, kind: 'regenerate', fields: [] });
    else if (
      a.recordStart !== b.recordStart ||
      a.recordDuration !== b.recordDuration ||
      a.trackName !== b.trackName ||
      a.spec.durationFrames !== b.spec.durationFrames
    )
      changes.push({ shotId: id, kind: 'moved', fields: [] });
    else changes.push({ shotId: id, kind: 'unchanged', fields: [] });
  }
  for (const id of old.keys())
    if (!now.has(id)) changes.push({ shotId: id, kind: 'removed', fields: [] });
  return changes.sort((x, y) => (x.shotId < y.shotId ? -1 : x.shotId > y.shotId ? 1 : 0));
}
