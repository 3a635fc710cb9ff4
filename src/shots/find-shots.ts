/**
 * Which clips of a timeline are shots, and what each asks for. A shot is an enabled clip on a
 * video track whose active media is missing (a MissingReference, a `libero.placeholder`
 * generator, or a file that does not exist) and that carries a prompt, or a clip libero
 * conformed before (it carries `metadata.libero.shot_id`). A placeholder without a prompt is
 * listed as needing one and is never an error.
 */
import { createHash } from 'node:crypto';
import type { ProjectConfig } from '../config/index.js';
import { Clip, ExternalReference, GeneratorReference } from '../timeline/index.js';
import type { Timeline } from '../timeline/index.js';
import type { DirectiveProblem } from './clip-directives.js';
import { readClipDirectives, splitClipName } from './clip-directives.js';
import { resolveShotSpec } from './resolve-shot-spec.js';
import type { ShotSpec } from './shot-spec.js';

/** The generator kind of a placeholder clip made in libero's own tools. */
export const PLACEHOLDER_GENERATOR_KIND = 'libero.placeholder';

/** One shot found in a timeline. */
export interface ShotEntry {
  readonly spec: ShotSpec;
  readonly clip: Clip;
  readonly trackName: string;
  /** Where the clip starts on its track, in frames at the spec's `durationRate`. */
  readonly recordStart: number;
  /** Frames the clip shows (its trimmed duration), at `durationRate`. */
  readonly recordDuration: number;
  /**
   * Where the clip's trim starts in its own (source) time, seconds: 0 for a fresh placeholder,
   * often a source timecode (3600 s) in an NLE's export. A take's first frame sits here.
   */
  readonly sourceStartSeconds: number;
  /** Hash of what the shot asks for except its length: equal hashes need the same picture. */
  readonly specHash: string;
}

/** A placeholder that no layer gives a prompt. */
export interface NeedsPrompt {
  readonly shotId: string;
  readonly clipName: string;
  readonly trackName: string;
  readonly recordStart: number;
}

/** Everything {@link findShots} found. */
export interface FindShotsResult {
  readonly shots: readonly ShotEntry[];
  readonly needsPrompt: readonly NeedsPrompt[];
  readonly problems: readonly DirectiveProblem[];
}

/** Options for {@link findShots}. */
export interface FindShotsOptions {
  readonly timeline: Timeline;
  readonly config: ProjectConfig;
  /** Whether a media file exists (an ExternalReference's `target_url`, `file://` already stripped). */
  readonly fileExists: (path: string) => boolean;
}

/** `file:///a/b` -> `/a/b`; other URLs unchanged. */
export function pathOfTargetUrl(url: string): string {
  if (url.startsWith('file://')) {
    try {
      return decodeURIComponent(new URL(url).pathname);
    } catch {
      return url.slice('file://'.length);
    }
  }
  return url;
}

/** A shot id from a clip's name: lowercase words joined by `-`. */
export function slugShotId(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48)
    .replace(/-+$/, '');
  return slug === '' ? 'shot' : slug;
}

/** Hash of a spec without its length and clip name. */
export function specHash(spec: ShotSpec): string {
  const { durationFrames: _f, durationRate: _r, clipName: _n, ...rest } = spec;
  return createHash('sha256').update(JSON.stringify(rest)).digest('hex').slice(0, 32);
}

function isMissingMedia(clip: Clip, fileExists: (path: string) => boolean): boolean {
  const media = clip.mediaReference;
  if (media === null || media.isMissingReference()) return true;
  if (media instanceof GeneratorReference)
    return media.generatorKind === PLACEHOLDER_GENERATOR_KIND;
  if (media instanceof ExternalReference)
    return media.targetUrl === '' || !fileExists(pathOfTargetUrl(media.targetUrl));
  return false;
}

function conformedBefore(clip: Clip): boolean {
  const libero = clip.metadata['libero'];
  return (
    libero !== null &&
    typeof libero === 'object' &&
    !Array.isArray(libero) &&
    typeof (libero as Record<string, unknown>)['shot_id'] === 'string'
  );
}

/** Finds the shots of a timeline, in track order then time order. */
export function findShots(options: FindShotsOptions): FindShotsResult {
  const shots: ShotEntry[] = [];
  const needsPrompt: NeedsPrompt[] = [];
  const problems: DirectiveProblem[] = [];
  const used = new Set<string>();
  const unique = (id: string): string => {
    let candidate = id;
    for (let n = 2; used.has(candidate); n += 1) candidate = `${id}-${n}`;
    used.add(candidate);
    return candidate;
  };

  for (const track of options.timeline.videoTracks()) {
    if (!track.enabled) continue;
    for (const child of track.children) {
      if (!(child instanceof Clip) || !child.enabled) continue;
      const directives = readClipDirectives(child);
      const isShot =
        isMissingMedia(child, options.fileExists) || conformedBefore(child) || directives.regen > 0;
      if (!isShot) continue;
      const explicitId = directives.fromMarkers.shotId ?? directives.fromMetadata.shotId;
      const shotId = unique(
        explicitId !== undefined && explicitId !== ''
          ? explicitId
          : slugShotId(splitClipName(child.name).label),
      );
      const range = track.rangeOfChild(child);
      const rate = range.duration.rate;
      const trimmed = child.trimmedRange();
      const duration = trimmed.duration.rescaledTo(rate);
      const resolved = resolveShotSpec({
        shotId,
        clipName: child.name,
        directives,
        config: options.config,
        durationFrames: Math.round(duration.value),
        durationRate: rate,
      });
      problems.push(...resolved.problems);
      const recordStart = Math.round(range.startTime.rescaledTo(rate).value);
      if (resolved.spec === null) {
        needsPrompt.push({ shotId, clipName: child.name, trackName: track.name, recordStart });
        continue;
      }
      shots.push({
        spec: resolved.spec,
        clip: child,
        trackName: track.name,
        recordStart,
        recordDuration: Math.round(range.duration.value),
        sourceStartSeconds: trimmed.startTime.toSeconds(),
        specHash: specHash(resolved.spec),
      });
    }
  }
  return { shots, needsPrompt, problems };
}
