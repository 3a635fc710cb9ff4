/**
 * A cut with nothing to hear renders: no audio tracks, audio tracks with only gaps, clips whose
 * sound is silence, a silent prepared mix. The master carries a silent 48 kHz stereo AAC track
 * of the picture's exact length, no loudness pass is attempted on silence (loudnorm cannot
 * normalise -inf LUFS), and the summary says so. Also through the real `libero render`.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeMedia, runFfmpeg } from '../../src/media/index.js';
import type { RenderSummary } from '../../src/conform/render/render-summary.js';
import { writeToString } from '../../src/timeline/index.js';
import type { Timeline } from '../../src/timeline/index.js';
import { clip, gap, timeline, track } from './otio-builder.js';
import { colourSource, readAudio, renderOtio, scratch } from './render-harness.js';

const { dir, cleanup } = scratch('silent');
afterAll(cleanup);

let picture = '';
let silentWav = '';
let mutedClip = '';

async function silence(path: string, seconds: number, withVideo: boolean): Promise<void> {
  await runFfmpeg({
    job: {
      inputs: [
        { source: `anullsrc=r=44100:cl=mono:d=${seconds}`, options: ['-f', 'lavfi'] },
        ...(withVideo
          ? [{ source: `color=c=gray:s=64x36:r=24:d=${seconds}`, options: ['-f', 'lavfi'] }]
          : []),
      ],
      filterComplex: null,
      outputs: [{ target: path, options: withVideo ? ['-c:v', 'libx264', '-c:a', 'aac'] : [] }],
    },
    signal: null,
    onProgress: null,
  });
}

beforeAll(async () => {
  picture = (
    await colourSource(dir, {
      name: 'pic',
      clip: 0,
      frames: 48,
      rate: '24',
      width: 64,
      height: 36,
      toneHz: null,
    })
  ).path;
  silentWav = join(dir, 'silent.wav');
  await silence(silentWav, 2, false);
  mutedClip = join(dir, 'muted.mp4');
  await silence(mutedClip, 2, true);
});

const video = (frames = 48) =>
  track('Video', [clip({ name: 'pic', url: picture, start: 0, duration: frames, rate: 24 })]);

/** The master has a silent AAC stereo track exactly as long as its 48 video frames. */
async function expectSilentMaster(path: string, summary: RenderSummary): Promise<void> {
  const probed = await probeMedia(path);
  const v = probed.streams.find((s) => s.kind === 'video');
  const a = probed.streams.find((s) => s.kind === 'audio');
  expect(v?.frameCount).toBe(48);
  expect(a).toMatchObject({ codec: 'aac', sampleRate: 48_000, channels: 2 });
  // 2 s of picture; AAC frames are 1024 samples (21 ms), the muxer trims the priming.
  expect(Math.abs((a?.duration ?? 0) - 2)).toBeLessThan(0.025);
  const samples = await readAudio(path);
  expect(samples.length).toBeGreaterThan(95_000);
  expect(samples.every((s) => s === 0)).toBe(true);
  expect(summary.audioSilent).toBe(true);
  expect(summary.loudness).toBeNull();
}

describe('a silent cut renders at the loudness target the CLI asks for (-14 LUFS)', () => {
  it.each<[string, () => Timeline, { kind: 'mix' } | { kind: 'file'; path: string }]>([
    // an animatic before any voice-over: picture only
    ['no audio tracks', () => timeline([video()]), { kind: 'mix' }],
    // an audio track the editor laid out but left empty
    [
      'an audio track of gaps',
      () => timeline([video(), track('Audio', [gap(48, 24)])]),
      { kind: 'mix' },
    ],
    // footage whose sound is silence
    [
      'a clip of silent sound',
      () =>
        timeline([
          video(),
          track('Audio', [
            clip({ name: 'muted', url: mutedClip, start: 0, duration: 48, rate: 24 }),
          ]),
        ]),
      { kind: 'mix' },
    ],
    // a prepared mix that is silence (e.g. every voice-over line failed)
    ['a silent prepared mix', () => timeline([video()]), { kind: 'file', path: '' }],
  ])('%s', async (name, build, audio) => {
    const { summary, path } = await renderOtio({
      timeline: build(),
      dir,
      name: name.replace(/\W+/g, '-'),
      overrides: {
        loudness: -14,
        audio: audio.kind === 'file' ? { kind: 'file', path: silentWav } : audio,
      },
    });
    await expectSilentMaster(path, summary);
  });
});

describe('libero render of a video-only project', () => {
  it('exits 0, writes the master with silent audio and says no loudness pass ran', () => {
    const project = join(dir, 'cli');
    const otio = join(dir, 'cut.otio');
    writeFileSync(otio, writeToString(timeline([video()])) + '\n');
    const cli = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
    const out = execFileSync(
      process.execPath,
      [
        '--import',
        'tsx',
        cli,
        'render',
        otio,
        '-o',
        join(project, 'master.mp4'),
        '--size',
        '64x36',
        '--preset',
        'ultrafast',
      ],
      { encoding: 'utf8', env: { ...process.env, ELEVENLABS_API_KEY: '' } },
    );
    expect(out).toMatch(/audio: silent/);
    expect(out).toMatch(/no loudness pass/);
  }, 60_000);
});
