/** A tiny timeline with voice-over and score cues for the audio suites (8 s at 24 fps). */
import {
  Clip,
  Gap,
  MissingReference,
  RationalTime,
  Stack,
  TimeRange,
  Timeline,
  Track,
  TrackKind,
} from '../../src/timeline/index.js';

const r = (seconds: number) => new RationalTime(Math.round(seconds * 24), 24);
const range = (start: number, duration: number) => new TimeRange(r(start), r(duration));

function cueClip(name: string, seconds: number, libero: Record<string, unknown>): Clip {
  return new Clip({
    name,
    mediaReference: new MissingReference(),
    sourceRange: range(0, seconds),
    metadata: { libero } as never,
  });
}

/** Two Italian lines of one voice and a score cue under the whole cut. */
export function audioTimeline(
  options: { voice: string | null; seconds?: number } = { voice: null },
): Timeline {
  const total = options.seconds ?? 8;
  const picture = new Track({
    name: 'V1',
    kind: TrackKind.Video,
    children: [new Gap({ sourceRange: range(0, total) })],
  });
  const vo = new Track({
    name: 'V.O.',
    kind: TrackKind.Audio,
    children: [
      new Gap({ sourceRange: range(0, 0.5) }),
      cueClip('VO 1', 3, {
        voiceover: { text: 'Torino è stata bombardata.', language: 'it', voice: options.voice },
      }),
      new Gap({ sourceRange: range(0, 1) }),
      cueClip('VO 2', 3, {
        voiceover: { text: 'Le bombe fischiavano.', language: 'it', voice: options.voice },
      }),
    ],
  });
  const music = new Track({
    name: 'Music',
    kind: TrackKind.Audio,
    children: [
      cueClip('Score', total, { score: { prompt: 'low strings, 1944, slow', instrumental: true } }),
    ],
  });
  return new Timeline({
    name: 'audio test',
    tracks: new Stack({ children: [picture, vo, music] }),
  });
}
