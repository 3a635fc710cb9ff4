/**
 * The conformed timeline, the hand-back: the editor's timeline with every generated take of
 * every shot as a media reference of its clip, shaped the way Resolve's own OTIO export is
 * (../shared/ref/resolve.md B.3) so that every reader plays the chosen take:
 *
 * ```
 * media_references:
 *   DEFAULT_MEDIA     the chosen take (what Resolve and readers before OTIO 0.15 read)
 *   take-001, ...     every take under its stable key, each named after its file
 *                     (active_media_reference_key: the chosen one's)
 *   editor-original   the editor's placeholder as it was (MissingReference, slug, ...)
 * ```
 * `metadata.libero.shot_id` on the clip keeps the shot's identity when the editor re-imports
 * the file and moves or trims it. Paths are this machine's here; `handBackPaths` maps them to
 * the editor's just before the file is written. Everything else is left as the editor made it.
 */
import { basename } from 'node:path';
import type { ProjectConfig } from '../config/index.js';
import { findShots, takeKey, takeNumberOf } from '../shots/index.js';
import { ExternalReference, RationalTime, TimeRange } from '../timeline/index.js';
import type { AnyDictionary, Clip, MediaReference, Timeline } from '../timeline/index.js';

/** The key OTIO (and Resolve) read by default. */
export const DEFAULT_MEDIA_KEY = 'DEFAULT_MEDIA';

/** The key the editor's original media reference of a shot is kept under. */
export const EDITOR_ORIGINAL_KEY = 'editor-original';

/** One take of a shot, as the conform writes it. */
export interface ConformTake {
  readonly number: number;
  /** Absolute path of the take's picture. */
  readonly file: string;
  readonly frames: number;
  readonly fps: number;
  /** Source time (seconds) of the take's first frame: its available range starts there. */
  readonly originSeconds: number;
  /** Content key of the chain that made it (its provenance sidecar is named by it). */
  readonly key: string;
  readonly createdAt: string;
  /** The still's prompt and seed, for the editor's eyes (the sidecar has everything). */
  readonly prompt: string;
  readonly seed: number;
  /** A stand-in take (`not upscaled: <why>`): written as `metadata.libero.degraded`. */
  readonly degraded?: string;
}

/** A shot's takes and which one is active. */
export interface ConformShot {
  readonly takes: readonly ConformTake[];
  /** The active take's number. */
  readonly active: number;
}

/** Options for {@link conformTimeline}. */
export interface ConformTimelineOptions {
  /** A copy of the editor's timeline: it is changed in place and returned. */
  readonly timeline: Timeline;
  readonly config: ProjectConfig;
  readonly fileExists: (path: string) => boolean;
  /** The editor's timeline folder (relative media paths resolve against it). */
  readonly timelineDir: string | null;
  /** Takes by shot id; shots without an entry are left as they are. */
  readonly shots: ReadonlyMap<string, ConformShot>;
}

function liberoMetadata(target: { metadata: AnyDictionary }): AnyDictionary {
  const current = target.metadata['libero'];
  if (
    current !== null &&
    typeof current === 'object' &&
    !Array.isArray(current) &&
    Object.getPrototypeOf(current) === Object.prototype
  )
    return current as AnyDictionary;
  const fresh: AnyDictionary = {};
  target.metadata['libero'] = fresh;
  return fresh;
}

/** True for a reference libero wrote (a take: `metadata.libero.take`). */
function isLiberoTake(reference: MediaReference | undefined): boolean {
  const libero = reference?.metadata['libero'];
  return (
    libero !== null &&
    typeof libero === 'object' &&
    !Array.isArray(libero) &&
    typeof (libero as AnyDictionary)['take'] === 'number'
  );
}

function takeReference(take: ConformTake): ExternalReference {
  return new ExternalReference({
    // Named after the file, as Resolve names the references it exports (a name unlike the
    // file confused Resolve's relinking: ../shared/ref/resolve.md B.2).
    name: basename(take.file),
    targetUrl: take.file,
    availableRange: new TimeRange(
      new RationalTime(take.originSeconds * take.fps, take.fps),
      new RationalTime(take.frames, take.fps),
    ),
    metadata: {
      libero: {
        take: take.number,
        key: take.key,
        created_at: take.createdAt,
        prompt: take.prompt,
        seed: take.seed,
        generated: 'AI-generated (libero)',
        ...(take.degraded === undefined ? {} : { degraded: take.degraded }),
      },
    },
  });
}

/**
 * The take key a clip shows: its active key when that is a take key, else the take its
 * `DEFAULT_MEDIA` holds (by `metadata.libero.take`, or by a `take-NNN` file name when an NLE's
 * export dropped the metadata). Null for a clip showing no take of libero's.
 */
export function activeTakeKeyOf(clip: Clip): string | null {
  const key = clip.activeMediaReferenceKey;
  if (takeNumberOf(key) !== null) return key;
  const reference = clip.mediaReferences[key];
  const libero = reference?.metadata['libero'];
  if (libero !== null && typeof libero === 'object' && !Array.isArray(libero)) {
    const take = (libero as AnyDictionary)['take'];
    if (typeof take === 'number' && Number.isInteger(take) && take > 0) return takeKey(take);
  }
  if (reference instanceof ExternalReference) {
    const match = /take-(\d{3,})\.[A-Za-z0-9]+$/.exec(reference.targetUrl);
    if (match !== null) return takeKey(Number(match[1]));
  }
  return null;
}

/** Writes the takes into the timeline's shot clips; returns the same timeline. */
export function conformTimeline(options: ConformTimelineOptions): Timeline {
  const found = findShots({
    timeline: options.timeline,
    config: options.config,
    fileExists: options.fileExists,
    timelineDir: options.timelineDir,
  });
  for (const entry of found.shots) {
    const shot = options.shots.get(entry.spec.shotId);
    if (shot === undefined || shot.takes.length === 0) continue;
    const clip = entry.clip;
    const before = clip.mediaReferences;
    const references: Record<string, MediaReference> = {};
    const chosen = shot.takes.find((t) => t.number === shot.active) ?? shot.takes.at(-1);
    references[DEFAULT_MEDIA_KEY] = takeReference(chosen as ConformTake);
    for (const take of shot.takes) references[takeKey(take.number)] = takeReference(take);
    // The editor's original: kept from an earlier hand-back, else what the editor had active.
    const original =
      before[EDITOR_ORIGINAL_KEY] ??
      (isLiberoTake(before[clip.activeMediaReferenceKey])
        ? undefined
        : before[clip.activeMediaReferenceKey]);
    if (original !== undefined) references[EDITOR_ORIGINAL_KEY] = original;
    // Any other reference the editor added stays, under its key.
    for (const [key, reference] of Object.entries(before))
      if (
        !(key in references) &&
        key !== clip.activeMediaReferenceKey &&
        takeNumberOf(key) === null &&
        !isLiberoTake(reference)
      )
        references[key] = reference;
    // Active: the chosen take's own key, so a reader that follows the key and one that reads
    // DEFAULT_MEDIA (Resolve, OTIO < 0.15, tools reading the JSON) show the same file.
    clip.setMediaReferences(references, takeKey((chosen as ConformTake).number));
    liberoMetadata(clip)['shot_id'] = entry.spec.shotId;
    const degraded = chosen?.degraded;
    if (degraded !== undefined) liberoMetadata(clip)['degraded'] = degraded;
    else delete liberoMetadata(clip)['degraded'];
  }
  return options.timeline;
}
