/**
 * The master's audio as ffmpeg jobs (pure): every clip trimmed, sped, levelled and placed on
 * the sample grid, summed without normalisation into one full-length 48 kHz stereo track
 * (mixed once and muxed at the end; AAC is never joined from pieces, see
 * ../shared/ref/performance.md), optionally brought to a loudness target with two-pass
 * `loudnorm` in linear mode, then encoded to AAC.
 */
import type { FfmpegJob } from '../../media/index.js';
import type { LoudnormReport } from './parse-loudnorm-json.js';
import type { AudioClip, AudioPlan, LoudnessTarget } from './render-plan.js';

/** Output sample rate. */
export const SAMPLE_RATE = 48_000;

/** AAC options of the master's audio. */
export const AAC_OPTIONS = ['-c:a', 'aac', '-b:a', '256k', '-ar', '48000', '-ac', '2'] as const;

/** `atempo` accepts 0.5..100 per instance; slower speeds chain several. */
export function atempoChain(scalar: number): string[] {
  if (scalar === 1) return [];
  const steps: string[] = [];
  let rest = scalar;
  while (rest < 0.5) {
    steps.push('atempo=0.5');
    rest /= 0.5;
  }
  while (rest > 100) {
    steps.push('atempo=100');
    rest /= 100;
  }
  steps.push(`atempo=${Number(rest.toFixed(6))}`);
  return steps;
}

function seconds(n: number): string {
  return Number(n.toFixed(6)).toString();
}

function clipChain(clip: AudioClip, index: number): string {
  const start = Math.max(0, clip.sourceStart);
  const end = start + clip.duration * clip.timeScalar;
  const delay = Math.max(0, Math.round(clip.recordStart * SAMPLE_RATE));
  const samples = Math.round(clip.duration * SAMPLE_RATE);
  return [
    `[${index}:a]atrim=start=${seconds(start)}:end=${seconds(end)}`,
    'asetpts=PTS-STARTPTS',
    ...atempoChain(clip.timeScalar),
    `aresample=${SAMPLE_RATE}`,
    'aformat=sample_fmts=fltp:channel_layouts=stereo',
    `atrim=end_sample=${samples}`,
    ...(clip.gainDb === 0 ? [] : [`volume=${seconds(clip.gainDb)}dB`]),
    `adelay=delays=${delay}S:all=1[a${index}]`,
  ].join(',');
}

/** The mix graph of `plan` over `totalSamples` samples; ends in `[aout]`. */
export function buildMixGraph(
  plan: AudioPlan,
  totalSamples: number,
): Pick<FfmpegJob, 'inputs' | 'filterComplex'> {
  const tail = `apad,atrim=end_sample=${totalSamples},asetpts=N/SR/TB[aout]`;
  if (plan.clips.length === 0) {
    return {
      inputs: [],
      filterComplex: `anullsrc=r=${SAMPLE_RATE}:cl=stereo,${tail}`,
    };
  }
  const lines = plan.clips.map((clip, i) => clipChain(clip, i));
  const labels = plan.clips.map((_, i) => `[a${i}]`).join('');
  lines.push(
    `${labels}amix=inputs=${plan.clips.length}:normalize=0:duration=longest:dropout_transition=0,${tail}`,
  );
  return {
    inputs: plan.clips.map((clip) => ({ source: clip.path, options: [] })),
    filterComplex: lines.join(';'),
  };
}

/** The mix straight to AAC (no loudness target). */
export function buildMixJob(options: {
  plan: AudioPlan;
  totalSamples: number;
  target: string;
}): FfmpegJob {
  const graph = buildMixGraph(options.plan, options.totalSamples);
  return {
    ...graph,
    outputs: [{ target: options.target, options: ['-map', '[aout]', ...AAC_OPTIONS, '-f', 'mp4'] }],
  };
}

/** The mix to 32-bit float WAV, the input of both loudness passes. */
export function buildMixWavJob(options: {
  plan: AudioPlan;
  totalSamples: number;
  target: string;
}): FfmpegJob {
  const graph = buildMixGraph(options.plan, options.totalSamples);
  return {
    ...graph,
    outputs: [
      { target: options.target, options: ['-map', '[aout]', '-c:a', 'pcm_f32le', '-f', 'wav'] },
    ],
  };
}

function loudnormTarget(target: LoudnessTarget): string {
  // LRA at its maximum so the second pass can stay linear for any mix (loudnorm falls back
  // to dynamic processing when the source's range exceeds the target's).
  return `loudnorm=I=${target.integrated}:TP=${target.truePeak}:LRA=20`;
}

/** Pass 1: measure (loudnorm prints its JSON on stderr). */
export function buildLoudnessMeasureJob(options: {
  wav: string;
  target: LoudnessTarget;
}): FfmpegJob {
  return {
    inputs: [{ source: options.wav, options: [] }],
    filterComplex: `[0:a]${loudnormTarget(options.target)}:print_format=json[aout]`,
    outputs: [{ target: '-', options: ['-map', '[aout]', '-f', 'null'] }],
  };
}

/** What loudnorm's first pass measured (the fields of its JSON report pass 2 needs). */
export type LoudnessMeasurement = Pick<
  LoudnormReport,
  'input_i' | 'input_tp' | 'input_lra' | 'input_thresh' | 'target_offset'
>;

/**
 * Whether pass 1 measured silence: loudnorm reports `-inf` when every block lies under the
 * -70 LUFS absolute gate, and pass 2 rejects `measured_I=-inf` ("Numerical result out of
 * range"), so silence is encoded as it is instead of normalised.
 */
export function measuredSilence(measured: LoudnessMeasurement): boolean {
  return !Number.isFinite(Number(measured.input_i));
}

/** The mix WAV straight to AAC (a silent mix: nothing to normalise). */
export function buildWavToAacJob(options: { wav: string; output: string }): FfmpegJob {
  return {
    inputs: [{ source: options.wav, options: [] }],
    filterComplex: null,
    outputs: [{ target: options.output, options: ['-map', '0:a:0', ...AAC_OPTIONS, '-f', 'mp4'] }],
  };
}

/** Pass 2: apply as a linear gain, back to 48 kHz (loudnorm runs at 192 kHz), AAC. */
export function buildLoudnessApplyJob(options: {
  wav: string;
  target: LoudnessTarget;
  measured: LoudnessMeasurement;
  output: string;
}): FfmpegJob {
  const m = options.measured;
  const filter =
    `[0:a]${loudnormTarget(options.target)}:measured_I=${m.input_i}:measured_TP=${m.input_tp}` +
    `:measured_LRA=${m.input_lra}:measured_thresh=${m.input_thresh}:offset=${m.target_offset}` +
    `:linear=true:print_format=json,aresample=${SAMPLE_RATE}[aout]`;
  return {
    inputs: [{ source: options.wav, options: [] }],
    filterComplex: filter,
    outputs: [{ target: options.output, options: ['-map', '[aout]', ...AAC_OPTIONS, '-f', 'mp4'] }],
  };
}
