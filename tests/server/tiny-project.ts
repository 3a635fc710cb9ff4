/**
 * A tiny project for the service tests: a few placeholder clips of one second with prompts in
 * `metadata.libero`, and a libero.json that keeps the draft generator's work small (256x144
 * stills, 6 fps, x2 upscale) so the whole suite runs in seconds on two cores.
 */
import { mkdtemp, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

type Json = Record<string, unknown>;

const rt = (value: number): Json => ({ OTIO_SCHEMA: 'RationalTime.1', rate: 24, value });

/** What one placeholder clip asks for. */
export interface TinyShot {
  readonly name: string;
  readonly prompt: string | null;
  readonly seed?: number;
  readonly frames?: number;
  /** Marker names and comments on the clip (`regen`, `prompt`, ...), at frame `at` (default: its index). */
  readonly markers?: readonly { name: string; comment: string; at?: number }[];
  /** The editor's own media (an ExternalReference's target_url) instead of a MissingReference. */
  readonly media?: string;
}

/** A voice-over line on the `V.O.` audio track (back to back, from the start of the cut). */
export interface TinyCue {
  readonly name: string;
  readonly text: string;
  /** An ElevenLabs voice id. */
  readonly voice: string;
  readonly frames?: number;
}

const missing = (): Json => ({
  OTIO_SCHEMA: 'MissingReference.1',
  name: '',
  metadata: {},
  available_range: null,
  available_image_bounds: null,
});

/**
 * The OTIO JSON text of a cut made of placeholder clips (and clips of the editor's media), with
 * voice-over lines on an audio track when `audio` has any.
 */
export function tinyTimeline(
  shots: readonly TinyShot[],
  name = 'tiny cut',
  audio: readonly TinyCue[] = [],
): string {
  const clips = shots.map((s) => ({
    OTIO_SCHEMA: 'Clip.2',
    name: s.name,
    metadata: {
      libero: {
        ...(s.prompt === null ? {} : { prompt: s.prompt }),
        ...(s.seed === undefined ? {} : { seed: s.seed }),
      },
    },
    source_range: { OTIO_SCHEMA: 'TimeRange.1', start_time: rt(0), duration: rt(s.frames ?? 24) },
    effects: [],
    markers: (s.markers ?? []).map((m, i) => ({
      OTIO_SCHEMA: 'Marker.2',
      name: m.name,
      comment: m.comment,
      color: 'RED',
      metadata: {},
      marked_range: { OTIO_SCHEMA: 'TimeRange.1', start_time: rt(m.at ?? i), duration: rt(0) },
    })),
    enabled: true,
    media_references: {
      DEFAULT_MEDIA:
        s.media === undefined
          ? missing()
          : {
              OTIO_SCHEMA: 'ExternalReference.1',
              name: '',
              target_url: s.media,
              metadata: {},
              available_range: null,
              available_image_bounds: null,
            },
    },
    active_media_reference_key: 'DEFAULT_MEDIA',
  }));
  const cues = audio.map((c) => ({
    OTIO_SCHEMA: 'Clip.2',
    name: c.name,
    metadata: { libero: { voiceover: { text: c.text, voice: c.voice } } },
    source_range: { OTIO_SCHEMA: 'TimeRange.1', start_time: rt(0), duration: rt(c.frames ?? 24) },
    effects: [],
    markers: [],
    enabled: true,
    media_references: { DEFAULT_MEDIA: missing() },
    active_media_reference_key: 'DEFAULT_MEDIA',
  }));
  const voTrack = {
    OTIO_SCHEMA: 'Track.1',
    name: 'V.O.',
    kind: 'Audio',
    metadata: {},
    effects: [],
    markers: [],
    enabled: true,
    source_range: null,
    children: cues,
  };
  return JSON.stringify(
    {
      OTIO_SCHEMA: 'Timeline.1',
      name,
      metadata: {},
      global_start_time: null,
      tracks: {
        OTIO_SCHEMA: 'Stack.1',
        name: 'tracks',
        metadata: {},
        effects: [],
        markers: [],
        enabled: true,
        source_range: null,
        children: [
          {
            OTIO_SCHEMA: 'Track.1',
            name: 'V1',
            kind: 'Video',
            metadata: {},
            effects: [],
            markers: [],
            enabled: true,
            source_range: null,
            children: clips,
          },
          ...(cues.length === 0 ? [] : [voTrack]),
        ],
      },
    },
    null,
    2,
  );
}

/** The project file that keeps draft work tiny. */
export const TINY_CONFIG = JSON.stringify({
  stylePrefix: 'Italy, 1944,',
  stillWidth: 256,
  stillHeight: 144,
  generatedFps: 6,
  upscaleFactor: 2,
  render: { width: 320, height: 180, preset: 'ultrafast', crf: 30 },
});

/** A fresh project folder with `cut.otio` and `libero.json` (`config` merged over TINY_CONFIG). */
export async function makeTinyProject(
  shots: readonly TinyShot[],
  prefix = 'libero-serve-',
  extra: { audio?: readonly TinyCue[]; config?: Json } = {},
): Promise<{ dir: string; timeline: string }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  await writeFile(
    join(dir, 'libero.json'),
    extra.config === undefined
      ? TINY_CONFIG
      : JSON.stringify({ ...(JSON.parse(TINY_CONFIG) as Json), ...extra.config }),
  );
  const timeline = join(dir, 'cut.otio');
  await writeFile(timeline, tinyTimeline(shots, 'tiny cut', extra.audio ?? []));
  return { dir, timeline };
}

/** Saves like an NLE that writes a temp file and renames it over the timeline. */
export async function saveByRename(timeline: string, text: string): Promise<void> {
  const temp = `${timeline}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(temp, text);
  await rename(temp, timeline);
}
