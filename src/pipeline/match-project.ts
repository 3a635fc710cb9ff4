/**
 * Look matching of a project (`libero match TIMELINE`, and the conform step of generate): the
 * active take of every shot is measured on its used range (stored with the take), each scene's
 * reference look is resolved, a CDL is derived per shot and written into the conformed
 * timeline as `metadata.libero.cdl_auto` (the render applies it when the editor gave no CDL).
 */
import { activeTakeKeyOf } from '../conform/conformed-timeline.js';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { DEFAULT_CDL_LIMITS } from '../conform/look/cdl-limits.js';
import { editorCdl, lookOptOut, writeCdlAuto } from '../conform/look/clip-look-settings.js';
import { matchLooks } from '../conform/look/match-looks.js';
import type { LookMatchRow } from '../conform/look/match-looks.js';

export type { LookMatchRow } from '../conform/look/match-looks.js';
import { measureLook } from '../conform/look/measure-look.js';
import { planLookMatch } from '../conform/look/plan-look-match.js';
import type { LookDecision } from '../conform/look/plan-look-match.js';
import type { ReferenceChoice } from '../conform/look/reference-look.js';
import { annotateTakeQc } from '../conform/qc/annotate-take-qc.js';
import type { TakeAnalysis } from '../conform/qc/take-analysis.js';
import { LiberoError, writeFileAtomic } from '../shared/index.js';
import { findShots, pathOfTargetUrl } from '../shots/index.js';
import type { ShotEntry } from '../shots/index.js';
import { ExternalReference, writeToString } from '../timeline/index.js';
import type { Timeline } from '../timeline/index.js';
import type { Project } from './project.js';
import { withConformLock } from './conform-lock.js';
import { handBackOtioVersion, parseTimeline } from './project.js';
import { checkShotTakes, takeUseOf } from './qc-takes.js';
import type { TakeQcEvent } from './qc-takes.js';

const STILL_EXTENSIONS = new Set([
  '.png',
  '.jpg',
  '.jpeg',
  '.tif',
  '.tiff',
  '.exr',
  '.bmp',
  '.webp',
]);

/** Resolves `look.reference` of libero.json: `median`, a shot id, or a still image (measured). */
export async function lookReferenceChoice(options: {
  project: Project;
  shotIds: readonly string[];
  signal: AbortSignal | null;
}): Promise<ReferenceChoice> {
  const reference = options.project.config.look.reference;
  if (reference === 'median') return { kind: 'median' };
  if (options.shotIds.includes(reference)) return { kind: 'shot', shotId: reference };
  const path = resolve(options.project.dir, reference);
  if (STILL_EXTENSIONS.has(extname(path).toLowerCase()) && existsSync(path)) {
    const look = await measureLook({
      path,
      startSeconds: 0,
      durationSeconds: 1,
      cdl: null,
      still: true,
      samples: 1,
      signal: options.signal,
    });
    return { kind: 'still', look, path };
  }
  throw new LiberoError(
    'LOOK_REFERENCE_INVALID',
    `${options.project.configFile}: look.reference "${reference}" is neither "median", a shot id (${options.shotIds.join(', ') || 'none'}) nor an existing still image.`,
    { details: { file: options.project.configFile, field: 'look.reference', reference } },
  );
}

/** A shot whose active take has a measured look. */
export interface MeasuredShot {
  readonly entry: ShotEntry;
  readonly look: NonNullable<TakeAnalysis['look']>;
}

/**
 * Plans the look for the measured shots and writes (or clears) `cdl_auto` on their clips.
 * Used by generate after the takes are analysed; returns the decisions.
 */
export function applyLookMatch(options: {
  project: Project;
  shots: readonly MeasuredShot[];
  choice: ReferenceChoice;
}): LookDecision[] {
  const { config } = options.project;
  const decisions = planLookMatch({
    shots: options.shots.map((s) => ({
      shotId: s.entry.spec.shotId,
      scene: s.entry.spec.scene,
      look: s.look,
      optOut: lookOptOut(s.entry.clip),
      editorCdl: editorCdl(s.entry.clip),
    })),
    scope: config.look.scope,
    choice: options.choice,
    limits: DEFAULT_CDL_LIMITS,
    deadBand: config.look.deadBand,
  });
  decisions.forEach((d, i) => {
    const clip = options.shots[i]?.entry.clip;
    if (clip !== undefined) writeCdlAuto(clip, d.cdl);
  });
  return decisions;
}

/** The active take of a shot clip in a conformed timeline, or null when it has none on disk. */
function activeTake(entry: ShotEntry): {
  file: string;
  key: string;
  number: number;
  frames: number;
  fps: number;
  originSeconds: number;
} | null {
  // The hand-back shows the chosen take as DEFAULT_MEDIA (conformed-timeline.ts).
  const key = activeTakeKeyOf(entry.clip) ?? entry.clip.activeMediaReferenceKey;
  const reference = entry.clip.mediaReference;
  const match = /^take-(\d+)$/.exec(key);
  if (!(reference instanceof ExternalReference) || match === null) return null;
  const file = pathOfTargetUrl(reference.targetUrl);
  const range = reference.availableRange;
  if (!existsSync(file) || range === null) return null;
  const libero = reference.metadata['libero'] as Record<string, unknown> | undefined;
  const fps = range.duration.rate;
  return {
    file,
    key: typeof libero?.['key'] === 'string' ? libero['key'] : file,
    number: Number(match[1]),
    frames: Math.round(range.duration.value),
    fps,
    originSeconds: range.startTime.toSeconds(),
  };
}

/** Options for {@link matchProject}. */
export interface MatchProjectOptions {
  readonly project: Project;
  readonly signal: AbortSignal | null;
  readonly onEvent: ((event: TakeQcEvent) => void) | null;
  /** Write the CDLs into the conformed timeline (false: only report). */
  readonly write: boolean;
}

/** What {@link matchProject} did. */
export interface MatchProjectResult {
  readonly conformedFile: string;
  readonly rows: readonly LookMatchRow[];
}

/**
 * `libero match`: measure (QC and look of each active take, stored with the take and copied
 * onto its media reference as `metadata.libero.qc`, as generate does), derive, verify through
 * the CDL, write `cdl_auto`. Writing holds the
 * project's conform lock (read to write), so a generate beside it cannot interleave.
 */
export async function matchProject(options: MatchProjectOptions): Promise<MatchProjectResult> {
  return options.write
    ? withConformLock({ liberoDir: options.project.liberoDir, signal: options.signal }, () =>
        matchUnlocked(options),
      )
    : matchUnlocked(options);
}

async function matchUnlocked(options: MatchProjectOptions): Promise<MatchProjectResult> {
  const { project } = options;
  const file = project.conformedFile;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new LiberoError(
      'FILE_NOT_FOUND',
      `${file} does not exist: run \`libero generate ${project.timelineFile}\` first, then match.`,
      { details: { file }, cause: error },
    );
  }
  const timeline: Timeline = parseTimeline(text, file);
  const found = findShots({ timeline, config: project.config, fileExists: existsSync });
  const measured: {
    entry: ShotEntry;
    file: string;
    analysis: TakeAnalysis;
    originSeconds: number;
  }[] = [];
  for (const entry of found.shots) {
    const take = activeTake(entry);
    if (take === null) continue;
    const analyses = await checkShotTakes({
      entry,
      takes: [take],
      maxVideoSeconds: project.config.backends.maxVideoSeconds,
      withLook: true,
      signal: options.signal,
      onEvent: options.onEvent,
    });
    const analysis = analyses.get(take.number);
    // Stored with the take by checkShotTakes; copied onto its media reference as generate does.
    if (analysis !== undefined)
      annotateTakeQc({
        clip: entry.clip,
        qcByKey: new Map([[entry.clip.activeMediaReferenceKey, analysis.qc]]),
      });
    if (analysis?.look !== null && analysis !== undefined)
      measured.push({ entry, file: take.file, analysis, originSeconds: take.originSeconds });
  }
  const choice = await lookReferenceChoice({
    project,
    shotIds: measured.map((m) => m.entry.spec.shotId),
    signal: options.signal,
  });
  const rows = await matchLooks({
    takes: measured.map((m) => {
      const use = takeUseOf(m.entry);
      return {
        shotId: m.entry.spec.shotId,
        scene: m.entry.spec.scene,
        path: m.file,
        startSeconds: m.analysis.lookRange?.start ?? use.sourceStartSeconds - m.originSeconds,
        durationSeconds: m.analysis.lookRange?.duration ?? use.sourceDurationSeconds,
        optOut: lookOptOut(m.entry.clip),
        editorCdl: editorCdl(m.entry.clip),
        look: m.analysis.look,
      };
    }),
    scope: project.config.look.scope,
    choice,
    limits: DEFAULT_CDL_LIMITS,
    deadBand: project.config.look.deadBand,
    samples: 8,
    signal: options.signal,
    onMeasured: null,
  });
  if (options.write) {
    rows.forEach((row, i) => {
      const clip = measured[i]?.entry.clip;
      if (clip !== undefined) writeCdlAuto(clip, row.cdl);
    });
    await writeFileAtomic(
      file,
      writeToString(timeline, { targetVersion: handBackOtioVersion(project.config) }) + '\n',
    );
  }
  return { conformedFile: file, rows };
}
