/**
 * The reference look of a scene or project: a chosen shot, a measured still, or by default
 * the median of the scene's shots (channel by channel). Pure.
 */
import { LiberoError } from '../../shared/index.js';
import type { Rgb } from './cdl.js';
import { rgbToLab } from './lab.js';
import { median } from './look-stats.js';
import type { LookStats } from './look-stats.js';

/** How the reference is chosen. */
export type ReferenceChoice =
  | { readonly kind: 'median' }
  | { readonly kind: 'shot'; readonly shotId: string }
  | { readonly kind: 'still'; readonly look: LookStats; readonly path: string };

/** Options for {@link referenceLook}. */
export interface ReferenceLookOptions {
  readonly choice: ReferenceChoice;
  /** The scene's shots that take part in matching (opted-out shots left out by the caller). */
  readonly shots: readonly { readonly shotId: string; readonly look: LookStats }[];
}

/** The per-channel median look of several looks (its frame averages are the pooled ones). */
export function medianLook(looks: readonly LookStats[]): LookStats {
  if (looks.length === 0) {
    throw new LiberoError(
      'LOOK_REFERENCE_INVALID',
      'A median look needs at least one measured shot.',
    );
  }
  const ch = (pick: (l: LookStats) => Rgb): Rgb => [
    median(looks.map((l) => pick(l)[0])),
    median(looks.map((l) => pick(l)[1])),
    median(looks.map((l) => pick(l)[2])),
  ];
  const meanRgb = ch((l) => l.mean);
  return {
    min: ch((l) => l.min),
    low: ch((l) => l.low),
    mean: meanRgb,
    high: ch((l) => l.high),
    max: ch((l) => l.max),
    saturation: median(looks.map((l) => l.saturation)),
    frameLabs: [],
    lab: rgbToLab(meanRgb),
  };
}

/** Resolves the reference look; throws LOOK_REFERENCE_INVALID for an unknown shot. */
export function referenceLook(options: ReferenceLookOptions): LookStats {
  const { choice, shots } = options;
  switch (choice.kind) {
    case 'median':
      return medianLook(shots.map((s) => s.look));
    case 'shot': {
      const found = shots.find((s) => s.shotId === choice.shotId);
      if (found === undefined) {
        throw new LiberoError(
          'LOOK_REFERENCE_INVALID',
          `The reference shot "${choice.shotId}" is not among the matched shots (${shots.map((s) => s.shotId).join(', ') || 'none'}).`,
          { details: { shotId: choice.shotId } },
        );
      }
      return found.look;
    }
    case 'still':
      return choice.look;
    default: {
      const never: never = choice;
      throw new LiberoError('INTERNAL', `unknown reference choice ${JSON.stringify(never)}`);
    }
  }
}
