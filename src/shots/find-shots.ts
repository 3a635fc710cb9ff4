/**
 * Which clips of a timeline are shots, and what each asks for. A shot is an enabled clip on a
 * video track that {@link classifyClip} calls a `placeholder` and that carries a prompt. A
 * placeholder without a prompt is listed as needing one and is never an error. Offline media
 * (a file of the editor's that is not on this machine) is listed apart and never generated.
 */
import { createHash } from 'node:crypto';
import type { ProjectConfig } from '../config/index.js';
import { Clip } from '../timeline/index.js';
import type { Timeline } from '../timeline/index.js';
import { classifyClip, PLACEHOLDER_GENERATOR_KIND } from './classify-clip.js';
import type { PlaceholderRule } from './classify-clip.js';
import type { DirectiveProblem } from './clip-directives.js';
import { readClipDirectives, splitClipName } from './clip-directives.js';
import { resolveShotSpec } from './resolve-shot-spec.js';
import type { ShotSpec } from './shot-spec.js';

export { PLACEHOLDER_GENERATOR_KIND };

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
  /** The placeholder rule that made the clip a shot. */
  readonly rule: PlaceholderRule;
}

/** A placeholder that no layer gives a prompt. */
export interface NeedsPrompt {
  readonly shotId: string;
  readonly clipName: string;
  readonly trackName: string;
  /** Frames at `recordRate` from the start of the track. */
  readonly recordStart: number;
  readonly recordRate: number;
  /** The placeholder rule that fired. */
  readonly rule: PlaceholderRule;
}

/** A clip whose media is the editor's and is not on this machine: never generated. */
export interface OfflineClip {
  readonly clipName: string;
  readonly trackName: string;
  /** Frames at `recordRate` from the start of the track. */
  readonly recordStart: number;
  readonly recordRate: number;
  /** The path as the editor's NLE wrote it. */
  readonly editorPath: string;
  /** Where it was looked for here (after `paths.map`), or null. */
  readonly localPath: string | null;
  readonly reason: string;
}

/** Everything {@link findShots} found. */
export interface FindShotsResult {
  readonly shots: readonly ShotEntry[];
  readonly needsPrompt: readonly NeedsPrompt[];
  /** Offline media on enabled video tracks, in track then time order. */
  readonly offline: readonly OfflineClip[];
  readonly problems: readonly DirectiveProblem[];
}

/** Options for {@link findShots}. */
export interface FindShotsOptions {
  readonly timeline: Timeline;
  readonly config: ProjectConfig;
  /** Whether a media file exists on this machine (a path after `paths.map`). */
  readonly fileExists: (path: string) => boolean;
  /** The timeline's folder (relative media paths resolve against it); absent: the cwd. */
  readonly timelineDir?: string | null;
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

/** Finds the shots of a timeline, in track order then time order. */
export function findShots(options: FindShotsOptions): FindShotsResult {
  const shots: ShotEntry[] = [];
  const needsPrompt: NeedsPrompt[] = [];
  const offline: OfflineClip[] = [];
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
      const found = classifyClip({
        clip: child,
        directives,
        pathMap: options.config.paths.map,
        timelineDir: options.timelineDir ?? '.',
        fileExists: options.fileExists,
      });
      if (found.class === 'offline') {
        const range = track.rangeOfChild(child);
        offline.push({
          clipName: child.name,
          trackName: track.name,
          recordStart: Math.round(range.startTime.rescaledTo(range.duration.rate).value),
          recordRate: range.duration.rate,
          editorPath: found.editorPath,
          localPath: found.localPath,
          reason: found.reason,
        });
      }
      if (found.class !== 'placeholder') continue;
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
        needsPrompt.push({
          shotId,
          clipName: child.name,
          trackName: track.name,
          recordStart,
          recordRate: rate,
          rule: found.rule,
        });
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
        rule: found.rule,
      });
    }
  }
  return { shots, needsPrompt, offline, problems };
}
