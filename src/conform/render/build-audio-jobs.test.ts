import { describe, expect, it } from 'vitest';
import {
  atempoChain,
  buildLoudnessApplyJob,
  buildMixGraph,
  buildWavToAacJob,
  measuredSilence,
} from './build-audio-jobs.js';
import { parseLoudnormJson } from './parse-loudnorm-json.js';

describe('atempoChain', () => {
  it.each([
    // Normal speed needs no filter.
    [1, []],
    [2, ['atempo=2']],
    // Below 0.5 chains halvings (atempo's lower limit in ffmpeg 5.1).
    [0.2, ['atempo=0.5', 'atempo=0.5', 'atempo=0.8']],
    [250, ['atempo=100', 'atempo=2.5']],
  ])('%s', (scalar, expected) => expect(atempoChain(scalar)).toEqual(expected));
});

describe('buildMixGraph', () => {
  it('trims, levels and places each clip on the sample grid, sums without normalising', () => {
    const graph = buildMixGraph(
      {
        clips: [
          {
            name: 'vo',
            path: '/a/vo.wav',
            fileIdentity: 'x',
            sourceStart: 1,
            recordStart: 0.5,
            duration: 2,
            timeScalar: 1,
            gainDb: -6,
          },
          {
            name: 'music',
            path: '/a/m.mp4',
            fileIdentity: 'y',
            sourceStart: 0,
            recordStart: 0,
            duration: 4,
            timeScalar: 2,
            gainDb: 0,
          },
        ],
        loudness: null,
      },
      192_000,
    );
    expect(graph.inputs).toEqual([
      { source: '/a/vo.wav', options: [] },
      { source: '/a/m.mp4', options: [] },
    ]);
    expect(graph.filterComplex?.split(';')).toEqual([
      '[0:a]atrim=start=1:end=3,asetpts=PTS-STARTPTS,aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo,atrim=end_sample=96000,volume=-6dB,adelay=delays=24000S:all=1[a0]',
      '[1:a]atrim=start=0:end=8,asetpts=PTS-STARTPTS,atempo=2,aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo,atrim=end_sample=192000,adelay=delays=0S:all=1[a1]',
      '[a0][a1]amix=inputs=2:normalize=0:duration=longest:dropout_transition=0,apad,atrim=end_sample=192000,asetpts=N/SR/TB[aout]',
    ]);
  });

  it('is silence of the exact length without clips', () => {
    expect(buildMixGraph({ clips: [], loudness: null }, 480).filterComplex).toBe(
      'anullsrc=r=48000:cl=stereo,apad,atrim=end_sample=480,asetpts=N/SR/TB[aout]',
    );
  });
});

describe('loudness passes', () => {
  // The tail of a real ffmpeg 5.1 stderr after `loudnorm=...:print_format=json`.
  const stderr = `size=N/A time=00:00:01.00 bitrate=N/A speed= 167x
video:0kB audio:375kB subtitle:0kB other streams:0kB global headers:0kB muxing overhead: unknown
[Parsed_loudnorm_0 @ 0x561940f86f00] 
{
\t"input_i" : "-21.75",
\t"input_tp" : "-18.06",
\t"input_lra" : "0.00",
\t"input_thresh" : "-31.75",
\t"output_i" : "-16.05",
\t"output_tp" : "-12.31",
\t"output_lra" : "0.00",
\t"output_thresh" : "-26.05",
\t"normalization_type" : "linear",
\t"target_offset" : "0.05"
}
`;

  it('reads loudnorm JSON from stderr and feeds it to the linear second pass', () => {
    const measured = parseLoudnormJson(stderr);
    expect(measured.normalization_type).toBe('linear');
    const job = buildLoudnessApplyJob({
      wav: '/c/mix.wav',
      target: { integrated: -14, truePeak: -1 },
      measured,
      output: '/c/a.m4a',
    });
    expect(job.filterComplex).toBe(
      '[0:a]loudnorm=I=-14:TP=-1:LRA=20:measured_I=-21.75:measured_TP=-18.06:measured_LRA=0.00:measured_thresh=-31.75:offset=0.05:linear=true:print_format=json,aresample=48000[aout]',
    );
  });

  it('refuses a stderr without the report', () => {
    expect(() => parseLoudnormJson('Error opening input')).toThrow(/did not print its JSON/);
  });

  it.each([
    // every block under the -70 LUFS gate: loudnorm prints -inf (pass 2 would refuse it)
    ['-inf', true],
    // very quiet but measurable: normalised like any mix
    ['-69.50', false],
    ['-21.75', false],
  ])('input_i %s is silence: %s', (inputI, silent) => {
    const measured = { ...parseLoudnormJson(stderr), input_i: inputI };
    expect(measuredSilence(measured)).toBe(silent);
  });

  it('encodes a silent mix as it is', () => {
    expect(buildWavToAacJob({ wav: '/c/mix.wav', output: '/c/a.m4a' })).toEqual({
      inputs: [{ source: '/c/mix.wav', options: [] }],
      filterComplex: null,
      outputs: [
        {
          target: '/c/a.m4a',
          options: [
            '-map',
            '0:a:0',
            '-c:a',
            'aac',
            '-b:a',
            '256k',
            '-ar',
            '48000',
            '-ac',
            '2',
            '-f',
            'mp4',
          ],
        },
      ],
    });
  });
});
