/**
 * The adapter from OTIO to the plan, without ffmpeg: media facts are given as data.
 *
 * Record frames at 24 fps; the files are "/m/a.mp4" (12 fps, 48 frames, with sound) and
 * "/m/b.mp4" (24 fps, 96 frames, no sound).
 */
import { describe, expect, it } from 'vitest';
import { hasCode } from '../../shared/index.js';
import {
  clip,
  dissolve,
  gap,
  timeWarp,
  timeline,
  track,
} from '../../../tests/render/otio-builder.js';
import type { MediaFacts } from './media-facts.js';
import type { MediaVideo } from './render-plan.js';
import { timelineToRenderPlan } from './timeline-to-render-plan.js';

const video = (rate: number, frames: number): MediaVideo => ({
  width: 1920,
  height: 1080,
  sampleAspect: 1,
  rate: { num: rate, den: 1 },
  frameCount: frames,
  colorMatrix: 'bt709',
  fullRange: false,
});
const media = new Map<string, MediaFacts>([
  ['/m/a.mp4', { status: 'ok', identity: 'a', video: video(12, 48), hasAudio: true, duration: 4 }],
  ['/m/b.mp4', { status: 'ok', identity: 'b', video: video(24, 96), hasAudio: false, duration: 4 }],
  ['/m/gone.mp4', { status: 'missing' }],
]);
const output = { width: 1920, height: 1080, rate: { num: 24, den: 1 }, crf: 18, preset: 'medium' };

function plan(
  tracks: Record<string, unknown>[],
  range: { startFrame: number; frameCount: number } | null = null,
) {
  return timelineToRenderPlan({
    timeline: timeline(tracks),
    timelineDir: '/m',
    media,
    output,
    range,
    lut: null,
    interpolate: false,
    audio: { kind: 'mix' },
    loudness: null,
  });
}

/** `start+count:what` per segment, for short expectations. */
function describeSegments(p: ReturnType<typeof plan>): string[] {
  return p.segments.map((s) => {
    const what = s.layers.map((l) => {
      const src = l.source;
      if (src.kind === 'media')
        return `${src.clipName}@${src.sourceStart.toFixed(3)}+${l.offsetFrames}`;
      if (src.kind === 'dissolve')
        return `dissolve(${src.from?.kind === 'media' ? src.from.sourceStart.toFixed(3) : (src.from?.kind ?? 'black')}->${src.to?.kind === 'media' ? src.to.sourceStart.toFixed(3) : (src.to?.kind ?? 'black')})+${l.offsetFrames}`;
      if (src.kind === 'offline') return `offline:${src.clipName}:${src.reason}`;
      return src.kind;
    });
    return `${s.startFrame}+${s.frameCount}:${what.join('|') || 'black'}`;
  });
}

describe('timelineToRenderPlan', () => {
  it('cuts clips back to a dissolve that uses both handles; a dissolve at the start comes from black', () => {
    const p = plan([
      track('Video', [
        dissolve(0, 6, 24),
        clip({ name: 'A', url: 'a.mp4', start: 6, duration: 12, rate: 12 }),
        dissolve(6, 6, 24),
        clip({ name: 'B', url: '/m/b.mp4', start: 24, duration: 24, rate: 24 }),
      ]),
    ]);
    expect(p.frameCount).toBe(48);
    expect(describeSegments(p)).toEqual([
      // A starts at 0.5 s in its file; the first dissolve fades it in from black.
      '0+6:dissolve(black->0.500)+0',
      '6+12:A@0.750+0',
      // A's tail handle from 18/24 s after its start; B's head handle 6 frames before its cut.
      '18+12:dissolve(1.250->0.750)+0',
      '30+18:B@1.250+0',
    ]);
  });

  it('shows offline cards for missing media and names them; skips disabled clips', () => {
    const p = plan([
      track('Video', [
        clip({
          name: 'shot 1',
          url: null,
          start: 0,
          duration: 4,
          rate: 24,
          metadata: { libero: { prompt: 'Italy, 1944' } },
        }),
        clip({ name: 'lost', url: 'gone.mp4', start: 0, duration: 4, rate: 24 }),
        clip({ name: 'off', url: 'b.mp4', start: 0, duration: 4, rate: 24, enabled: false }),
        clip({ name: 'late', url: 'b.mp4', start: 96, duration: 4, rate: 24 }),
      ]),
    ]);
    expect(describeSegments(p)).toEqual([
      '0+4:offline:shot 1:not-generated',
      '4+4:offline:lost:missing-file',
      '8+4:black',
      '12+4:offline:late:outside-media',
    ]);
    expect(p.offline.map((o) => o.target)).toEqual([null, '/m/gone.mp4', '/m/b.mp4']);
  });

  it('refuses reverse playback, naming the clip', () => {
    const error = (() => {
      try {
        plan([
          track('Video', [
            clip({
              name: 'back',
              url: 'b.mp4',
              start: 10,
              duration: 4,
              rate: 24,
              effects: [timeWarp(-1)],
            }),
          ]),
        ]);
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(hasCode(error, 'RENDER_UNSUPPORTED')).toBe(true);
    expect(String(error)).toContain('"back"');
  });

  it('places audio clips relative to the range, with their trims and speed; files without sound are skipped', () => {
    const p = plan(
      [
        track('Video', [gap(48, 24)]),
        track('Audio', [
          gap(12, 24),
          clip({
            name: 'music',
            url: 'a.mp4',
            start: 12,
            duration: 24,
            rate: 24,
            effects: [timeWarp(2)],
            metadata: { libero: { gain_db: -3 } },
          }),
          clip({ name: 'silent', url: 'b.mp4', start: 0, duration: 12, rate: 24 }),
        ]),
      ],
      { startFrame: 24, frameCount: 24 },
    );
    // The music clip runs 12..36; the range starts at 24, 12 frames (0.5 s) into it, which
    // at twice the speed is 1 s into its trim (0.5 s): 1.5 s into the file.
    expect(p.audio.clips).toEqual([
      {
        name: 'music',
        path: '/m/a.mp4',
        fileIdentity: 'a',
        sourceStart: 1.5,
        recordStart: 0,
        duration: 0.5,
        timeScalar: 2,
        gainDb: -3,
      },
    ]);
  });
});
