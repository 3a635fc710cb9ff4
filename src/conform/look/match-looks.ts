/**
 * Look matching end to end for a list of takes (I/O shell): measure each take's used range,
 * plan the CDLs, then measure every matched take again through its CDL, exactly as the render
 * will show it, so the printed "after" is measured, not predicted. A CDL that does not bring its
 * take nearer the reference as measured is dropped (`no-gain`).
 */
import type { Cdl } from './cdl.js';
import type { CdlLimits } from './cdl-limits.js';
import { lookDistance } from './look-distance.js';
import type { LookStats } from './look-stats.js';
import { measureLook } from './measure-look.js';
import { planLookMatch } from './plan-look-match.js';
import type { LookDecision } from './plan-look-match.js';
import type { ReferenceChoice } from './reference-look.js';

/** One take to match: its file, the used range and what the timeline says of it. */
export interface LookTake {
  readonly shotId: string;
  readonly scene: string | null;
  readonly path: string;
  readonly startSeconds: number;
  readonly durationSeconds: number;
  readonly optOut: boolean;
  readonly editorCdl: Cdl | null;
  /** A look measured before (stored with the take), reused instead of measuring again. */
  readonly look: LookStats | null;
}

/** The outcome for one take. */
export interface LookMatchRow extends LookDecision {
  readonly look: LookStats;
  /** Distance to the reference as rendered: through `cdl`, or the editor's CDL, or as is. */
  readonly distanceAfter: number;
}

/** Options for {@link matchLooks}. */
export interface MatchLooksOptions {
  readonly takes: readonly LookTake[];
  readonly scope: 'scene' | 'project';
  readonly choice: ReferenceChoice;
  readonly limits: CdlLimits;
  /** A shot within this many ΔE00 of its reference is left alone. */
  readonly deadBand: number;
  /** Frames sampled per take. */
  readonly samples: number;
  readonly signal: AbortSignal | null;
  /** Called after each take is measured (progress). */
  readonly onMeasured: ((shotId: string) => void) | null;
}

/** Measures, plans and verifies; one ffmpeg pass per take, plus one per matched take. */
export async function matchLooks(options: MatchLooksOptions): Promise<LookMatchRow[]> {
  const looks: LookStats[] = [];
  for (const take of options.takes) {
    looks.push(
      take.look ??
        (await measureLook({
          path: take.path,
          startSeconds: take.startSeconds,
          durationSeconds: take.durationSeconds,
          cdl: null,
          still: false,
          samples: options.samples,
          signal: options.signal,
        })),
    );
    options.onMeasured?.(take.shotId);
  }
  const decisions = planLookMatch({
    shots: options.takes.map((t, i) => ({
      shotId: t.shotId,
      scene: t.scene,
      look: looks[i] as LookStats,
      optOut: t.optOut,
      editorCdl: t.editorCdl,
    })),
    scope: options.scope,
    choice: options.choice,
    limits: options.limits,
    deadBand: options.deadBand,
  });
  const rows: LookMatchRow[] = [];
  for (const [i, decision] of decisions.entries()) {
    const take = options.takes[i] as LookTake;
    const look = looks[i] as LookStats;
    const applied = decision.cdl ?? take.editorCdl;
    const after =
      applied === null
        ? look
        : await measureLook({
            path: take.path,
            startSeconds: take.startSeconds,
            durationSeconds: take.durationSeconds,
            cdl: applied,
            still: false,
            samples: options.samples,
            signal: options.signal,
          });
    const distanceAfter = lookDistance(after, decision.reference);
    // Never farther than it started, as measured through the render's filters: no CDL then.
    if (decision.cdl !== null && distanceAfter >= decision.distanceBefore) {
      rows.push({
        ...decision,
        status: 'no-gain',
        cdl: null,
        look,
        distanceAfter: decision.distanceBefore,
      });
      continue;
    }
    rows.push({ ...decision, look, distanceAfter });
  }
  return rows;
}
