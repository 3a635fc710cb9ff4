/**
 * The takes' QC as `libero inspect` prints it: for every clip of a (conformed) timeline whose
 * takes carry `metadata.libero.qc`, one line with each take's score and faults and which take is
 * active, plus the clip's automatic CDL when look matching wrote one.
 */
import { readTimelineFile, Timeline } from '../timeline/index.js';
import type { Clip } from '../timeline/index.js';

interface QcJson {
  score?: unknown;
  faults?: { kind?: unknown; start_frame?: unknown; end_frame?: unknown }[];
}

const record = (v: unknown): Record<string, unknown> | null =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;

/** Lines for one clip, or [] when its takes carry no QC (pure). */
export function describeClipTakes(clip: Clip): string[] {
  const parts: string[] = [];
  for (const [key, reference] of Object.entries(clip.mediaReferences)) {
    const qc = record(record(reference.metadata['libero'])?.['qc']) as QcJson | null;
    if (qc === null || typeof qc.score !== 'number') continue;
    const faults = (qc.faults ?? []).map(
      (f) =>
        `${String(f.kind)} ${String(f.start_frame)}${f.end_frame !== f.start_frame ? `-${String(f.end_frame)}` : ''}`,
    );
    const active = key === clip.activeMediaReferenceKey ? ' (active)' : '';
    parts.push(
      `${key} QC ${qc.score}${faults.length > 0 ? ` [${faults.join(', ')}]` : ''}${active}`,
    );
  }
  if (parts.length === 0) return [];
  const lines = [`  ${clip.name}: ${parts.join(' · ')}`];
  const auto = record(record(clip.metadata['libero'])?.['cdl_auto']);
  if (auto !== null) lines.push(`    look: cdl_auto ${JSON.stringify(auto)}`);
  return lines;
}

/** The takes section of `libero inspect` for a file ([] when no clip has QC). */
export async function describeTakeQc(path: string): Promise<string[]> {
  const top = await readTimelineFile(path);
  if (!(top instanceof Timeline)) return [];
  const lines = top.findClips().flatMap(describeClipTakes);
  return lines.length === 0
    ? []
    : ['takes (QC score 0..100, faults at frames of the take):', ...lines];
}
