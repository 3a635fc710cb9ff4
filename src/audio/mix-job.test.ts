import { describe, expect, it } from 'vitest';
import {
  DEFAULT_DUCKING,
  STREAMING_LOUDNESS,
  mixGraph,
  mixMeasureJob,
  mixRenderJob,
  mixSilent,
  mixSilentJob,
} from './mix-job.js';
import type { MixInput } from './mix-job.js';

const F = 'aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo';
const voice = (path: string, start: number): MixInput => ({
  role: 'voice',
  path,
  start,
  duration: null,
});
const score: MixInput = { role: 'score', path: 'score.mp3', start: 0.5, duration: 12 };

describe('mixGraph', () => {
  it('places voices, trims and places the score, ducks it under the voice, trims to the master', () => {
    expect(
      mixGraph({
        inputs: [voice('a.wav', 1), score, voice('b.wav', 6.25)],
        total: 14,
        ducking: DEFAULT_DUCKING,
      }).split(';'),
    ).toEqual([
      `[0:a]${F},adelay=1000:all=1[v0]`,
      `[1:a]${F},atrim=0:12,asetpts=PTS-STARTPTS,afade=t=in:d=0.05,afade=t=out:st=11.95:d=0.05,adelay=500:all=1[s0]`,
      `[2:a]${F},adelay=6250:all=1[v1]`,
      '[v0][v1]amix=inputs=2:normalize=0:duration=longest,apad[voice]',
      '[s0]apad[score]',
      '[voice]asplit=2[vout][vkey]',
      '[score]volume=-4dB[bed]',
      '[bed][vkey]sidechaincompress=threshold=0.015:ratio=5:attack=30:release=600[ducked]',
      '[ducked][vout]amix=inputs=2:normalize=0:duration=first,atrim=0:14,asetpts=PTS-STARTPTS[premix]',
    ]);
  });

  it("sums the editor's own clips with the body, neither ducked nor ducking", () => {
    const clip: MixInput = {
      role: 'clip',
      path: 'room.wav',
      start: 2,
      duration: 3,
      sourceStart: 10.5,
      gainDb: -6,
    };
    expect(
      mixGraph({ inputs: [voice('a.wav', 1), clip], total: 8, ducking: DEFAULT_DUCKING }).split(
        ';',
      ),
    ).toEqual([
      `[0:a]${F},adelay=1000:all=1[v0]`,
      `[1:a]${F},atrim=start=10.5:duration=3,asetpts=PTS-STARTPTS,volume=-6dB,adelay=2000:all=1[c0]`,
      '[v0]apad[voice]',
      '[voice]anull[body]',
      '[body][c0]amix=inputs=2:normalize=0:duration=first,atrim=0:8,asetpts=PTS-STARTPTS[premix]',
    ]);
  });

  it.each([
    // voice only: no ducking stage
    [
      [voice('a.wav', 0)],
      [
        '[0:a]' + F + ',adelay=0:all=1[v0]',
        '[v0]apad[voice]',
        '[voice]atrim=0:3,asetpts=PTS-STARTPTS[premix]',
      ],
    ],
    // nothing at all: silence of the master's length
    [[], ['anullsrc=r=48000:cl=stereo,atrim=0:3,asetpts=PTS-STARTPTS[premix]']],
  ])('handles a mix without both kinds (%#)', (inputs, expected) => {
    expect(mixGraph({ inputs, total: 3, ducking: DEFAULT_DUCKING }).split(';')).toEqual(expected);
  });
});

describe('mix jobs', () => {
  it('pass 1 measures with loudnorm JSON and writes nothing', () => {
    const job = mixMeasureJob({
      inputs: [voice('a.wav', 0)],
      total: 3,
      ducking: DEFAULT_DUCKING,
      loudness: STREAMING_LOUDNESS,
    });
    expect(job.inputs).toEqual([{ source: 'a.wav', options: [] }]);
    expect(job.filterComplex).toMatch(
      /\[premix\]loudnorm=I=-14:TP=-1.5:LRA=20:print_format=json\[out\]$/,
    );
    expect(job.outputs).toEqual([{ target: '-', options: ['-map', '[out]', '-f', 'null'] }]);
  });

  it('pass 2 applies the measurement linearly and writes 48 kHz stereo 24-bit WAV of the exact length', () => {
    const job = mixRenderJob({
      inputs: [voice('a.wav', 0)],
      total: 3,
      ducking: DEFAULT_DUCKING,
      loudness: { integrated: -23, truePeak: -1, range: 20 },
      measured: {
        inputI: -27.61,
        inputTp: -4.47,
        inputLra: 18.06,
        inputThresh: -39.2,
        targetOffset: 0.58,
      },
      target: 'mix.wav',
    });
    expect(job.filterComplex).toMatch(
      /\[premix\]loudnorm=I=-23:TP=-1.5:LRA=20:measured_I=-27.61:measured_TP=-4.47:measured_LRA=18.06:measured_thresh=-39.2:offset=0.58:linear=true,aresample=48000\[out\]$/,
    );
    expect(job.outputs).toEqual([
      {
        target: 'mix.wav',
        options: ['-map', '[out]', '-c:a', 'pcm_s24le', '-ar', '48000', '-ac', '2', '-t', '3'],
      },
    ]);
  });

  it.each([
    // pass 1 of silence: every block under the -70 LUFS gate
    [-Infinity, true],
    [-69.9, false],
    [-27.61, false],
  ])('inputI %s is silence: %s', (inputI, silent) => {
    const measured = { inputI, inputTp: -4, inputLra: 0, inputThresh: -70, targetOffset: 0 };
    expect(mixSilent(measured)).toBe(silent);
  });

  it('a silent mix is written as it is: no loudnorm, same WAV of the exact length', () => {
    const job = mixSilentJob({
      inputs: [voice('a.wav', 0)],
      total: 3,
      ducking: DEFAULT_DUCKING,
      loudness: STREAMING_LOUDNESS,
      target: 'mix.wav',
    });
    expect(job.filterComplex).not.toContain('loudnorm');
    expect(job.filterComplex).toMatch(/\[premix\]aresample=48000\[out\]$/);
    expect(job.outputs).toEqual([
      {
        target: 'mix.wav',
        options: ['-map', '[out]', '-c:a', 'pcm_s24le', '-ar', '48000', '-ac', '2', '-t', '3'],
      },
    ]);
  });
});
