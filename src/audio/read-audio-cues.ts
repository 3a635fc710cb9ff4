/**
 * The audio cues of a timeline (pure apart from the paths it resolves). Cues are clips on
 * audio tracks carrying `metadata.libero.voiceover` or `metadata.libero.score`, or markers
 * carrying the same: a marker named `voiceover` (or `vo`) whose comment is the line, or `score`
 * whose comment is the prompt, with any other field in the marker's `metadata.libero.voiceover`
 * / `.score`. A marker on an audio *clip* adds to that clip's cue; a marker on an audio
 * *track* is a cue of its own over the marker's range. Problems are reported, never thrown:
 * one bad clip must not silence the others.
 *
 * Clips on audio tracks that are no cue but have media (the editor's own sound) are listed too,
 * so a prepared mix keeps them.
 *
 * Voice settings accept 0..1 or the vendor UI's percent (30 -> 0.30), and the aliases
 * `similarity` and `style_exaggeration`.
 */
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { AnyDictionary } from '../timeline/index.js';
import { Clip, ExternalReference } from '../timeline/index.js';
import type { Marker, Timeline, Track } from '../timeline/index.js';
import { DEFAULT_TTS_MODEL, DEFAULT_VOICE_SETTINGS } from './audio-cue.js';
import type { ScoreCue, VoiceCue, VoiceSettings } from './audio-cue.js';

/** A cue that could not be read, with the reason. */
export interface CueProblem {
  readonly source: string;
  readonly message: string;
}

/** A clip on an audio track that is no cue: the editor's own audio, mixed as it is. */
export interface EditorAudioClip {
  readonly source: string;
  /** Local path of its media (may not exist; the caller checks). */
  readonly path: string;
  readonly start: number;
  readonly duration: number;
  /** Seconds into the file where the clip starts. */
  readonly sourceStart: number;
  /** `metadata.libero.gain_db`, as the render reads it. */
  readonly gainDb: number;
}

/** What {@link readAudioCues} found. */
export interface AudioCues {
  readonly voice: readonly VoiceCue[];
  readonly score: readonly ScoreCue[];
  /** Clips with media and no cue (speed effects are not applied to them). */
  readonly clips: readonly EditorAudioClip[];
  readonly problems: readonly CueProblem[];
  /** Length of the timeline, seconds (the master's length). */
  readonly duration: number;
}

/** Defaults for fields a cue leaves out. */
export interface CueDefaults {
  /** ISO 639-1 language of lines that name none. */
  readonly language: string;
  /**
   * Vendor voice of lines that name none (libero.json `audio.voice`); null: the backend's own
   * default (ElevenLabs: ELEVENLABS_VOICE_ID, else DEFAULT_ELEVENLABS_VOICE_ID).
   */
  readonly voice: string | null;
  readonly model: string;
  readonly settings: VoiceSettings;
}

/** The production's defaults: Italian lines, Eleven Multilingual v2, 30/40/50. */
export const DEFAULT_CUE_DEFAULTS: CueDefaults = {
  language: 'it',
  voice: null,
  model: DEFAULT_TTS_MODEL,
  settings: DEFAULT_VOICE_SETTINGS,
};

/** Options for {@link readAudioCues}. */
export interface ReadAudioCuesOptions {
  readonly timeline: Timeline;
  /** Folder relative scratch paths are resolved from (the timeline's folder). */
  readonly projectDir: string;
  readonly defaults: CueDefaults;
}

const slider = z
  .number()
  .min(0)
  .max(100)
  .transform((v) => (v > 1 ? v / 100 : v));

const settingsSchema = z.looseObject({
  stability: slider.optional(),
  similarity_boost: slider.optional(),
  similarity: slider.optional(),
  style: slider.optional(),
  style_exaggeration: slider.optional(),
  speed: z.number().min(0.7).max(1.2).optional(),
  use_speaker_boost: z.boolean().optional(),
});

const voiceSchema = z.looseObject({
  text: z.string().optional(),
  voice: z.string().min(1).nullish(),
  model: z.string().min(1).nullish(),
  language: z.string().min(2).max(8).nullish(),
  scratch: z.string().min(1).nullish(),
  settings: settingsSchema.nullish(),
  cue_id: z.string().min(1).optional(),
});

const scoreSchema = z.looseObject({
  prompt: z.string().optional(),
  instrumental: z.boolean().nullish(),
  cue_id: z.string().min(1).optional(),
});

type Kind = 'voiceover' | 'score';

function dict(value: unknown): AnyDictionary | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as AnyDictionary)
    : null;
}

function liberoField(metadata: AnyDictionary, kind: Kind): AnyDictionary | null {
  return dict(dict(metadata['libero'])?.[kind]);
}

function markerKind(marker: Marker): Kind | null {
  const name = marker.name.trim().toLowerCase();
  if (name === 'voiceover' || name === 'vo' || name === 'voice-over') return 'voiceover';
  if (name === 'score' || name === 'music') return 'score';
  return null;
}

function markerText(marker: Marker): string {
  if (marker.comment.trim() !== '') return marker.comment.trim();
  const note = dict(marker.metadata['Resolve_OTIO'])?.['Note'];
  return typeof note === 'string' ? note.trim() : '';
}

/** The fields a marker carries, in the metadata's shape (its comment is text or prompt). */
function markerFields(marker: Marker, kind: Kind): Record<string, unknown> {
  const text = markerText(marker);
  const own = liberoField(marker.metadata, kind) ?? {};
  return { ...own, ...(text === '' ? {} : kind === 'voiceover' ? { text } : { prompt: text }) };
}

/** Reads every cue of the timeline's audio tracks. */
export function readAudioCues(options: ReadAudioCuesOptions): AudioCues {
  const { timeline, defaults } = options;
  const voice: VoiceCue[] = [];
  const score: ScoreCue[] = [];
  const clips: EditorAudioClip[] = [];
  const problems: CueProblem[] = [];
  const used = new Set<string>();
  const unique = (id: string): string => {
    let candidate = id;
    for (let n = 2; used.has(candidate); n += 1) candidate = `${id}-${n}`;
    used.add(candidate);
    return candidate;
  };

  const add = (args: {
    kind: Kind;
    fields: Record<string, unknown>;
    name: string;
    source: string;
    start: number;
    duration: number;
  }): void => {
    const { kind, fields, source, start, duration } = args;
    if (kind === 'voiceover') {
      const parsed = voiceSchema.safeParse(fields);
      if (!parsed.success) {
        problems.push({
          source,
          message: `metadata.libero.voiceover.${parsed.error.issues[0]?.path.join('.') ?? ''}: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
        });
        return;
      }
      const v = parsed.data;
      if (v.text === undefined || v.text.trim() === '') {
        problems.push({
          source,
          message:
            'voice-over cue has no text (metadata.libero.voiceover.text or a "voiceover" marker\'s comment)',
        });
        return;
      }
      const s = v.settings ?? {};
      const scratch = v.scratch ?? null;
      voice.push({
        kind: 'voice',
        id: unique(v.cue_id ?? slug(args.name, 'vo')),
        source,
        text: v.text.trim(),
        voice: v.voice ?? defaults.voice,
        model: v.model ?? defaults.model,
        settings: {
          stability: s.stability ?? defaults.settings.stability,
          similarityBoost: s.similarity_boost ?? s.similarity ?? defaults.settings.similarityBoost,
          style: s.style ?? s.style_exaggeration ?? defaults.settings.style,
          useSpeakerBoost: s.use_speaker_boost ?? defaults.settings.useSpeakerBoost,
          speed: s.speed ?? defaults.settings.speed,
        },
        scratch:
          scratch === null
            ? null
            : isAbsolute(scratch)
              ? scratch
              : resolve(options.projectDir, scratch.replace(/^file:\/\//, '')),
        language: v.language ?? defaults.language,
        start,
        duration,
      });
      return;
    }
    const parsed = scoreSchema.safeParse(fields);
    const prompt = parsed.success ? (parsed.data.prompt?.trim() ?? '') : '';
    if (!parsed.success || prompt === '' || prompt.length > 2000) {
      problems.push({
        source,
        message: parsed.success
          ? 'score cue needs a prompt of 1 to 2000 characters (metadata.libero.score.prompt or a "score" marker\'s comment)'
          : `metadata.libero.score.${parsed.error.issues[0]?.path.join('.') ?? ''}: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
      });
      return;
    }
    score.push({
      kind: 'score',
      id: unique(parsed.data.cue_id ?? slug(args.name, 'score')),
      source,
      prompt,
      instrumental: parsed.data.instrumental ?? true,
      start,
      duration,
    });
  };

  for (const track of timeline.audioTracks()) {
    if (!track.enabled) continue;
    readTrack({ track, add, projectDir: options.projectDir, clips });
  }
  const order = (a: { start: number; id: string }, b: { start: number; id: string }) =>
    a.start - b.start || a.id.localeCompare(b.id);
  return {
    voice: voice.sort(order),
    score: score.sort(order),
    clips,
    problems,
    duration: timeline.duration().toSeconds(),
  };
}

type AddCue = (args: {
  kind: Kind;
  fields: Record<string, unknown>;
  name: string;
  source: string;
  start: number;
  duration: number;
}) => void;

function mediaPathOf(url: string, projectDir: string): string | null {
  if (url.startsWith('file:')) {
    try {
      return fileURLToPath(url.replace(/^file:\/\/localhost\//, 'file:///'));
    } catch {
      return null;
    }
  }
  if (url === '' || /^[a-z][a-z0-9+.-]*:\/\//i.test(url)) return null;
  return isAbsolute(url) ? url : resolve(projectDir, url);
}

function gainOf(clip: Clip): number {
  const gain = Number(dict(clip.metadata['libero'])?.['gain_db'] ?? 0);
  return Number.isFinite(gain) ? gain : 0;
}

function readTrack(args: {
  track: Track;
  add: AddCue;
  projectDir: string;
  clips: EditorAudioClip[];
}): void {
  const { track, add } = args;
  for (const marker of track.markers) {
    const kind = markerKind(marker);
    if (kind === null) continue;
    add({
      kind,
      fields: markerFields(marker, kind),
      name: marker.name,
      source: `marker '${marker.name}' on track '${track.name}' at ${marker.markedRange.startTime.toSeconds().toFixed(2)} s`,
      start: marker.markedRange.startTime.toSeconds(),
      duration: marker.markedRange.duration.toSeconds(),
    });
  }
  for (const child of track.children) {
    if (!(child instanceof Clip) || !child.enabled) continue;
    const range = track.rangeOfChild(child);
    const source = `clip '${child.name}' on track '${track.name}'`;
    let isCue = false;
    for (const kind of ['voiceover', 'score'] as const) {
      const fromMeta = liberoField(child.metadata, kind);
      const markers = child.markers.filter((m) => markerKind(m) === kind);
      if (fromMeta === null && markers.length === 0) continue;
      isCue = true;
      const fields = Object.assign(
        {},
        fromMeta ?? {},
        ...markers.map((m) => markerFields(m, kind)),
      ) as Record<string, unknown>;
      add({
        kind,
        fields,
        name: child.name,
        source,
        start: range.startTime.toSeconds(),
        duration: range.duration.toSeconds(),
      });
    }
    const ref = child.mediaReference;
    if (isCue || !(ref instanceof ExternalReference)) continue;
    const path = mediaPathOf(ref.targetUrl, args.projectDir);
    if (path === null) continue;
    const availableStart = ref.availableRange?.startTime.toSeconds() ?? 0;
    args.clips.push({
      source,
      path,
      start: range.startTime.toSeconds(),
      duration: range.duration.toSeconds(),
      sourceStart: Math.max(
        0,
        (child.sourceRange?.startTime.toSeconds() ?? availableStart) - availableStart,
      ),
      gainDb: gainOf(child),
    });
  }
}

function slug(name: string, fallback: string): string {
  const s = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48);
  return s === '' ? fallback : s;
}
