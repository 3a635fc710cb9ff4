/**
 * The takes' QC as `libero inspect` prints it: for every clip of a (conformed) timeline whose
 * takes have QC, one line with each take's score and faults and which take is active, plus the
 * clip's automatic CDL when look matching wrote one.
 *
 * One truth for take QC: whatever ran it (`generate`, `render`, `match`, the service) stored it
 * with the take, as `take-NNN.qc.json` beside the take's file, and copied it onto the take's
 * media reference (`metadata.libero.qc`) for the editor's NLE. This reads the stored file first
 * and the copy only when the file is missing (a timeline moved without its media).
 */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { qcToMetadata } from '../conform/qc/annotate-take-qc.js';
import { QC_VERSION } from '../conform/qc/qc-fault.js';
import { analysisFileFor, readTakeAnalysis } from '../conform/qc/take-analysis-fs.js';
import { pathOfTargetUrl } from '../shots/index.js';
import { ExternalReference, readTimelineFile, Timeline } from '../timeline/index.js';
import type { AnyDictionary, Clip } from '../timeline/index.js';

interface QcJson {
  score?: unknown;
  faults?: { kind?: unknown; start_frame?: unknown; end_frame?: unknown }[];
}

const record = (v: unknown): Record<string, unknown> | null =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;

/** A take's QC as `metadata.libero.qc` JSON, by media reference key. */
export type TakeQcByKey = ReadonlyMap<string, AnyDictionary>;

/** The QC a clip's takes carry on their media references (the copy in the timeline; pure). */
export function qcOnReferences(clip: Clip): Map<string, AnyDictionary> {
  const out = new Map<string, AnyDictionary>();
  for (const [key, reference] of Object.entries(clip.mediaReferences)) {
    const qc = record(record(reference.metadata['libero'])?.['qc']);
    if (qc !== null) out.set(key, qc as AnyDictionary);
  }
  return out;
}

/**
 * The QC of a clip's takes: the stored analysis beside each take's file (current QC version),
 * else the copy on the media reference. Relative take paths are read from `baseDir` (the
 * timeline's folder).
 */
export async function takeQcOf(clip: Clip, baseDir: string): Promise<Map<string, AnyDictionary>> {
  const out = qcOnReferences(clip);
  for (const [key, reference] of Object.entries(clip.mediaReferences)) {
    if (!(reference instanceof ExternalReference) || reference.targetUrl === '') continue;
    const path = pathOfTargetUrl(reference.targetUrl);
    const file = isAbsolute(path) ? path : resolve(baseDir, path);
    if (!existsSync(file)) continue;
    const stored = await readTakeAnalysis(analysisFileFor(file));
    if (stored !== null && stored.qc.version === QC_VERSION) out.set(key, qcToMetadata(stored.qc));
  }
  return out;
}

/** Lines for one clip, or [] when its takes carry no QC (pure). */
export function describeClipTakes(
  clip: Clip,
  qcByKey: TakeQcByKey = qcOnReferences(clip),
): string[] {
  const parts: string[] = [];
  const keys = Object.keys(clip.mediaReferences);
  for (const key of keys) {
    // The hand-back also shows the chosen take as DEFAULT_MEDIA (conformed-timeline.ts): list
    // it once, under its take key.
    if (key === 'DEFAULT_MEDIA' && keys.some((k) => /^take-\d{3,}$/.test(k))) continue;
    const qc = (qcByKey.get(key) ?? null) as QcJson | null;
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
  const lines: string[] = [];
  for (const clip of top.findClips())
    lines.push(...describeClipTakes(clip, await takeQcOf(clip, dirname(path))));
  return lines.length === 0
    ? []
    : ['takes (QC score 0..100, faults at frames of the take):', ...lines];
}
