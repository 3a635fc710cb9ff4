/**
 * Completes the hand-back with the media libero made for the render, so the editor's NLE finds
 * every clip online: each voice-over line and score cue points at its audio, copied from the
 * cache into the project's output folder (`out/audio/`), and each `libero.title` card is
 * rendered to a short H.264 file (`out/titles/`, opaque cards) and handed back as that file.
 * Each such clip shows the file under `DEFAULT_MEDIA` (active) and keeps what the editor had
 * under `editor-original`. Runs after the audio is produced; rewrites the conformed file
 * atomically (the editor's timeline is never touched).
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, rename } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { readAudioCues } from '../audio/index.js';
import { EDITOR_ORIGINAL_KEY, DEFAULT_MEDIA_KEY } from '../conform/conformed-timeline.js';
import { handBackPaths } from '../conform/hand-back-paths.js';
import { probeMedia } from '../media/index.js';
import { writeFileAtomic } from '../shared/index.js';
import { slugShotId } from '../shots/index.js';
import {
  Clip,
  ExternalReference,
  GeneratorReference,
  RationalTime,
  Stack,
  TimeRange,
  Timeline,
  Track,
  TrackKind,
  readFromString,
  writeToString,
} from '../timeline/index.js';
import type { AnyDictionary, MediaReference } from '../timeline/index.js';
import type { CueOutcome } from './audio-produce-cue.js';
import { withConformLock } from './conform-lock.js';
import { DEFAULT_AUDIO_SETTINGS } from './audio-produce.js';
import { handBackOtioVersion, parseTimeline } from './project.js';
import type { Project } from './project.js';
import { renderTimeline } from './render-timeline.js';

/** Options for {@link completeHandBack}. */
export interface CompleteHandBackOptions {
  readonly project: Project;
  /** The cues the audio run made (CueOutcome.file in the cache), or none. */
  readonly cues: readonly CueOutcome[];
  readonly signal: AbortSignal | null;
}

/** What {@link completeHandBack} put online. */
export interface HandBackMedia {
  readonly audio: number;
  readonly titles: number;
}

function libero(target: { metadata: AnyDictionary }): AnyDictionary | null {
  const value = target.metadata['libero'];
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as AnyDictionary)
    : null;
}

/** Copies a file to `target` unless an identical copy is there (temp file + rename). */
async function keepCopy(from: string, target: string): Promise<void> {
  if (existsSync(target)) {
    const [a, b] = await Promise.all([readFile(from), readFile(target)]);
    if (a.equals(b)) return;
  }
  const temp = `${target}.${process.pid}.tmp`;
  await copyFile(from, temp);
  await rename(temp, target);
}

/** Puts `file` under DEFAULT_MEDIA (active), the clip's previous media under editor-original. */
function showFile(options: {
  clip: Clip;
  file: string;
  seconds: number;
  metadata: AnyDictionary;
}): void {
  const { clip } = options;
  const before = clip.mediaReferences;
  const original: MediaReference | undefined =
    before[EDITOR_ORIGINAL_KEY] ??
    (libero(before[clip.activeMediaReferenceKey] ?? { metadata: {} }) === null
      ? before[clip.activeMediaReferenceKey]
      : undefined);
  let start: RationalTime;
  try {
    start = clip.trimmedRange().startTime;
  } catch {
    start = new RationalTime(0, 24);
  }
  const rate = start.rate > 0 ? start.rate : 24;
  const references: Record<string, MediaReference> = {
    [DEFAULT_MEDIA_KEY]: new ExternalReference({
      name: basename(options.file),
      targetUrl: options.file,
      availableRange: new TimeRange(start, RationalTime.fromSeconds(options.seconds, rate)),
      metadata: { libero: { ...options.metadata, generated: 'AI-generated (libero)' } },
    }),
  };
  if (original !== undefined) references[EDITOR_ORIGINAL_KEY] = original;
  clip.setMediaReferences(references, DEFAULT_MEDIA_KEY);
}

async function secondsOf(file: string): Promise<number> {
  return (await probeMedia(file)).duration ?? 0;
}

/** A file to show on one clip, found by its track, name and start. */
interface HandBackEntry {
  readonly track: string;
  readonly clip: string;
  readonly start: number;
  readonly file: string;
  readonly seconds: number;
  readonly metadata: AnyDictionary;
}

/** Voice-over and score clips of the conformed timeline -> their audio in `out/audio/`. */
async function collectAudio(options: {
  project: Project;
  timeline: Timeline;
  cues: readonly CueOutcome[];
}): Promise<HandBackEntry[]> {
  const { project, timeline } = options;
  const read = readAudioCues({
    timeline,
    projectDir: project.dir,
    defaults: DEFAULT_AUDIO_SETTINGS.cueDefaults,
  });
  const bySource = new Map<string, { id: string; kind: 'voice' | 'score'; start: number }[]>();
  for (const cue of [...read.voice, ...read.score]) {
    const list = bySource.get(cue.source) ?? [];
    list.push({ id: cue.id, kind: cue.kind, start: cue.start });
    bySource.set(cue.source, list);
  }
  const dir = join(project.outDir, 'audio');
  const entries: HandBackEntry[] = [];
  for (const track of timeline.audioTracks()) {
    if (!track.enabled) continue;
    for (const child of track.children) {
      if (!(child instanceof Clip) || !child.enabled) continue;
      const start = track.rangeOfChild(child).startTime.toSeconds();
      const cue = (bySource.get(`clip '${child.name}' on track '${track.name}'`) ?? []).find(
        (c) => Math.abs(c.start - start) < 1e-6,
      );
      if (cue === undefined) continue;
      const outcome = options.cues.find((o) => o.cueId === cue.id && o.kind === cue.kind);
      if (outcome === undefined || outcome.file === null) continue;
      await mkdir(dir, { recursive: true });
      const target = join(dir, `${cue.kind}-${cue.id}${extname(outcome.file) || '.wav'}`);
      await keepCopy(outcome.file, target);
      entries.push({
        track: `${track.kind}:${track.name}`,
        clip: child.name,
        start,
        file: target,
        seconds: await secondsOf(target),
        metadata: { cue: cue.id, kind: cue.kind },
      });
    }
  }
  return entries;
}

/** `libero.title` cards of the conformed timeline -> short H.264 files in `out/titles/`. */
async function collectTitles(options: {
  project: Project;
  timeline: Timeline;
  signal: AbortSignal | null;
}): Promise<HandBackEntry[]> {
  const { project, timeline } = options;
  const { render } = project.config;
  const dir = join(project.outDir, 'titles');
  const entries: HandBackEntry[] = [];
  for (const track of timeline.videoTracks()) {
    if (!track.enabled) continue;
    for (const child of track.children) {
      if (!(child instanceof Clip) || !child.enabled) continue;
      const ref = child.mediaReference;
      const isTitle =
        (ref instanceof GeneratorReference && ref.generatorKind === 'libero.title') ||
        libero(child)?.['title'] !== undefined;
      if (!isTitle) continue;
      let range: TimeRange;
      try {
        range = child.trimmedRange();
      } catch {
        continue;
      }
      // Render the card alone (a copy of the clip), on a timeline of its own length.
      const copy = readFromString(writeToString(child), { file: 'title' });
      if (!(copy instanceof Clip)) continue;
      const alone = new Timeline({
        name: child.name,
        tracks: new Stack({
          children: [new Track({ name: 'V1', kind: TrackKind.Video, children: [copy] })],
        }),
      });
      const identity = createHash('sha256')
        .update(
          JSON.stringify([writeToString(alone), render.width, render.height, range.duration.rate]),
        )
        .digest('hex')
        .slice(0, 12);
      const target = join(dir, `${slugShotId(child.name)}-${identity}.mp4`);
      if (!existsSync(target)) {
        await mkdir(dir, { recursive: true });
        await renderTimeline({
          timeline: alone,
          timelinePath: project.timelineFile,
          output: target,
          lut: null,
          crf: render.crf,
          preset: render.preset,
          range: null,
          interpolate: false,
          loudness: null,
          cacheDir: join(project.liberoDir, 'cache', 'render'),
          audio: { kind: 'mix' },
          size: { width: render.width, height: render.height },
          rate: null,
          debugDir: null,
          signal: options.signal,
          onProgress: null,
          pathMap: project.config.paths.map,
        });
      }
      entries.push({
        track: `${track.kind}:${track.name}`,
        clip: child.name,
        start: track.rangeOfChild(child).startTime.toSeconds(),
        file: target,
        seconds: range.duration.toSeconds(),
        metadata: { title: true },
      });
    }
  }
  return entries;
}

/** Shows each entry's file on its clip; returns how many clips were found. */
function applyEntries(timeline: Timeline, entries: readonly HandBackEntry[]): number {
  let applied = 0;
  for (const track of timeline.tracks.children) {
    if (!(track instanceof Track)) continue;
    for (const child of track.children) {
      if (!(child instanceof Clip)) continue;
      const start = track.rangeOfChild(child).startTime.toSeconds();
      const entry = entries.find(
        (e) =>
          e.track === `${track.kind}:${track.name}` &&
          e.clip === child.name &&
          Math.abs(e.start - start) < 1e-6,
      );
      if (entry === undefined) continue;
      showFile({ clip: child, file: entry.file, seconds: entry.seconds, metadata: entry.metadata });
      applied += 1;
    }
  }
  return applied;
}

/**
 * Rewrites the conformed file with the audio and titles online. The files are made first; the
 * conformed file is then read, changed and written under the project's conform lock, so a
 * generate running beside it (the service) never loses a write. No conformed file: nothing.
 */
export async function completeHandBack(options: CompleteHandBackOptions): Promise<HandBackMedia> {
  const { project } = options;
  if (!existsSync(project.conformedFile)) return { audio: 0, titles: 0 };
  const snapshot = parseTimeline(
    await readFile(project.conformedFile, 'utf8'),
    project.conformedFile,
  );
  const audio = await collectAudio({ project, timeline: snapshot, cues: options.cues });
  const titles = await collectTitles({ project, timeline: snapshot, signal: options.signal });
  if (audio.length + titles.length === 0) return { audio: 0, titles: 0 };
  return withConformLock({ liberoDir: project.liberoDir, signal: options.signal }, async () => {
    const timeline = parseTimeline(
      await readFile(project.conformedFile, 'utf8'),
      project.conformedFile,
    );
    const applied = applyEntries(timeline, [...audio, ...titles]);
    if (applied > 0) {
      handBackPaths({ timeline, config: project.config });
      await writeFileAtomic(
        project.conformedFile,
        writeToString(timeline, { targetVersion: handBackOtioVersion(project.config) }) + '\n',
      );
    }
    return { audio: audio.length, titles: titles.length };
  });
}
