import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DUCKING, STREAMING_LOUDNESS, mixAudio } from '../../src/audio/index.js';
import { runFfmpeg } from '../../src/media/index.js';

let dir: string;

async function tone(path: string, frequency: number, seconds: number): Promise<void> {
  await runFfmpeg({
    job: {
      inputs: [
        {
          source: `sine=frequency=${frequency}:sample_rate=48000:duration=${seconds}`,
          options: ['-f', 'lavfi'],
        },
      ],
      filterComplex: null,
      outputs: [{ target: path, options: ['-c:a', 'pcm_s16le'] }],
    },
    signal: null,
    onProgress: null,
  });
}

/** Mean level (dB) of the score's band (a 100 Hz tone) between two times of a file. */
async function scoreLevel(path: string, from: number, to: number): Promise<number> {
  const { stderr } = await runFfmpeg({
    job: {
      inputs: [{ source: path, options: ['-ss', String(from), '-t', String(to - from)] }],
      filterComplex: '[0:a]lowpass=f=300,lowpass=f=300,volumedetect[out]',
      outputs: [{ target: '-', options: ['-map', '[out]', '-f', 'null'] }],
    },
    signal: null,
    onProgress: null,
  });
  return Number(/mean_volume: (-?[\d.]+) dB/.exec(stderr)?.[1]);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'libero-mix-'));
  await tone(join(dir, 'score.wav'), 100, 6);
  await tone(join(dir, 'voice.wav'), 2000, 2);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('mixAudio', () => {
  it('ducks the score while the voice speaks, and not otherwise', async () => {
    const inputs = [
      { role: 'score' as const, path: join(dir, 'score.wav'), start: 0, duration: 6 },
      { role: 'voice' as const, path: join(dir, 'voice.wav'), start: 2, duration: null },
    ];
    const ducked = join(dir, 'ducked.wav');
    const flat = join(dir, 'flat.wav');
    await mixAudio({
      inputs,
      total: 6,
      ducking: DEFAULT_DUCKING,
      loudness: STREAMING_LOUDNESS,
      target: ducked,
      signal: null,
      onProgress: null,
    });
    await mixAudio({
      inputs,
      total: 6,
      ducking: { ...DEFAULT_DUCKING, ratio: 1 },
      loudness: STREAMING_LOUDNESS,
      target: flat,
      signal: null,
      onProgress: null,
    });
    const duckDepth = (await scoreLevel(ducked, 0.5, 1.5)) - (await scoreLevel(ducked, 2.7, 3.7));
    const flatDepth = (await scoreLevel(flat, 0.5, 1.5)) - (await scoreLevel(flat, 2.7, 3.7));
    expect(Math.abs(flatDepth)).toBeLessThan(1.5);
    expect(duckDepth).toBeGreaterThan(8);
    // released again after the voice stops
    expect(
      Math.abs((await scoreLevel(ducked, 5, 5.8)) - (await scoreLevel(ducked, 0.5, 1.5))),
    ).toBeLessThan(1.5);
  });

  it('an abort stops the mix with ABORTED and leaves no file', async () => {
    const controller = new AbortController();
    controller.abort(new Error('newer timeline'));
    const target = join(dir, 'aborted.wav');
    const error = await mixAudio({
      inputs: [{ role: 'voice', path: join(dir, 'voice.wav'), start: 0, duration: null }],
      total: 2,
      ducking: DEFAULT_DUCKING,
      loudness: STREAMING_LOUDNESS,
      target,
      signal: controller.signal,
      onProgress: null,
    }).catch((e: unknown) => e);
    expect((error as { code?: string }).code).toBe('ABORTED');
    const { existsSync } = await import('node:fs');
    expect(existsSync(target)).toBe(false);
  });
});
