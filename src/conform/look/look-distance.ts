/** The colour distance of a look to a reference: mean CIEDE2000 of its frame averages. Pure. */
import { ciede2000 } from './ciede2000.js';
import type { LookStats } from './look-stats.js';

/** Mean ΔE00 between each sampled frame's average colour and the reference's overall colour. */
export function lookDistance(look: LookStats, reference: Pick<LookStats, 'lab'>): number {
  if (look.frameLabs.length === 0) return ciede2000(look.lab, reference.lab);
  let sum = 0;
  for (const lab of look.frameLabs) sum += ciede2000(lab, reference.lab);
  return sum / look.frameLabs.length;
}
