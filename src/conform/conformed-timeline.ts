/**
 * The conformed timeline: the editor's timeline with every generated take of every shot as a
 * media reference of its clip (`take-001`, `take-002`, ...; Clip.2), the chosen one active, and
 * `metadata.libero.shot_id` on the clip so the shot keeps its identity when the editor re-imports
 * the file and moves or trims it. Everything else is left as the editor made it.
 */
import type { ProjectConfig } from '../config/index.js';
import { findShots, takeKey } from '../shots/index.js';
import { ExternalReference, RationalTime, TimeRange } from '../timeline/index.js';
import type { AnyDictionary, MediaReference, Timeline } from '../timeline/index.js';

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

/** Writes the takes into the timeline's shot clips; returns the same timeline. */
export function conformTimeline(options: ConformTimelineOptions): Timeline {
  const found = findShots({
    timeline: options.timeline,
    config: options.config,
    fileExists: options.fileExists,
  });
  for (const entry of found.shots) {
    const shot = options.shots.get(entry.spec.shotId);
    if (shot === undefined || shot.takes.length === 0) continue;
    const clip = entry.clip;
    const references: Record<string, MediaReference> = {};
    // Keep what the editor had that is not one of our takes (the placeholder, a reference).
    for (const [key, reference] of Object.entries(clip.mediaReferences))
      if (!/^take-\d{3,}$/.test(key)) references[key] = reference;
    for (const take of shot.takes) {
      references[takeKey(take.number)] = new ExternalReference({
        name: takeKey(take.number),
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
    clip.setMediaReferences(references, takeKey(shot.active));
    liberoMetadata(clip)['shot_id'] = entry.spec.shotId;
    const degraded = shot.takes.find((t) => t.number === shot.active)?.degraded;
    if (degraded !== undefined) liberoMetadata(clip)['degraded'] = degraded;
    else delete liberoMetadata(clip)['degraded'];
  }
  return options.timeline;
}
