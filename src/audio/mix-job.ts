/**
 * The mix as plain ffmpeg jobs (pure, tested on their exact filter graphs): every voice line
 * placed at its timeline time, every score cue trimmed to its clip and placed, the score ducked
 * under the voice with a sidechain compressor, then loudness-normalised with ffmpeg's
 * `loudnorm` in two passes (measure, then apply with the measured values, linear when the
 * true-peak ceiling allows). Output: one 48 kHz stereo WAV, the audio of the master.
 *
 * ```
 * voice i ─aformat─adelay(start)─┐
 *                                ├─amix─asplit─┬──────────────────────────┐
 * score j ─aformat─atrim(dur)─afade─adelay─amix─sidechaincompress(key=voice)─amix─atrim(total)─loudnorm─▶ mix.wav
 * ```
 */
import type { FfmpegJob } from '../media/index.js';
import { MIX_SAMPLE_RATE } from './draft-score-job.js';

/** One file placed on the mix's timeline. */
export type MixInput =
  | {
      readonly role: 'voice' | 'score';
      readonly path: string;
      /** Start on the timeline, seconds. */
      readonly start: number;
      /** Score: trimmed to this length; voice: null (the line plays out). */
      readonly duration: number | null;
    }
  | {
      /** The editor's own audio on an audio track: mixed as it is, neither ducked nor ducking. */
      readonly role: 'clip';
      readonly path: string;
      readonly start: number;
      readonly duration: number;
      /** Seconds into the file where the clip starts. */
      readonly sourceStart: number;
      readonly gainDb: number;
    };

/** A loudness target (EBU R128 terms). */
export interface LoudnessTarget {
  /** Integrated loudness, LUFS. */
  readonly integrated: number;
  /** Maximum true peak, dBTP. */
  readonly truePeak: number;
  /** Loudness range allowed before loudnorm turns dynamic, LU. */
  readonly range: number;
}

/** Streaming platforms: -14 LUFS integrated, -1 dBTP. */
export const STREAMING_LOUDNESS: LoudnessTarget = { integrated: -14, truePeak: -1, range: 20 };
/** EBU R128 broadcast: -23 LUFS integrated, -1 dBTP. */
export const BROADCAST_LOUDNESS: LoudnessTarget = { integrated: -23, truePeak: -1, range: 20 };

/** How hard the score ducks under speech (ffmpeg `sidechaincompress`). */
export interface Ducking {
  /** Linear level of the voice above which the score is reduced. */
  readonly threshold: number;
  readonly ratio: number;
  readonly attackMs: number;
  readonly releaseMs: number;
  /** Score level before ducking, dB (the bed sits under the voice). */
  readonly scoreGainDb: number;
}

/** About 12 dB of ducking while a narrator speaks, released over 0.6 s. */
export const DEFAULT_DUCKING: Ducking = {
  threshold: 0.015,
  ratio: 5,
  attackMs: 30,
  releaseMs: 600,
  scoreGainDb: -4,
};

/** What loudnorm's first pass measured (its JSON, as numbers). */
export interface LoudnormMeasurement {
  /** Integrated loudness; -Infinity for silence. */
  readonly inputI: number;
  readonly inputTp: number;
  readonly inputLra: number;
  readonly inputThresh: number;
  readonly targetOffset: number;
}

/** Options for the mix jobs. */
export interface MixJobOptions {
  readonly inputs: readonly MixInput[];
  /** Length of the master, seconds. */
  readonly total: number;
  readonly ducking: Ducking;
  readonly loudness: LoudnessTarget;
}

function n(value: number): string {
  return Number(value.toFixed(4)).toString();
}

const FORMAT = `aresample=${MIX_SAMPLE_RATE},aformat=sample_fmts=fltp:channel_layouts=stereo`;

/** The graph up to the un-normalised mix, labelled `[premix]`. */
export function mixGraph(options: Omit<MixJobOptions, 'loudness'>): string {
  const { inputs, total, ducking } = options;
  const parts: string[] = [];
  const voices: string[] = [];
  const scores: string[] = [];
  const clips: string[] = [];
  inputs.forEach((input, i) => {
    const delay = Math.max(0, Math.round(input.start * 1000));
    if (input.role === 'clip') {
      const gain = input.gainDb === 0 ? '' : `,volume=${n(input.gainDb)}dB`;
      parts.push(
        `[${i}:a]${FORMAT},atrim=start=${n(input.sourceStart)}:duration=${n(input.duration)},asetpts=PTS-STARTPTS${gain},adelay=${delay}:all=1[c${clips.length}]`,
      );
      clips.push(`[c${clips.length}]`);
    } else if (input.role === 'voice') {
      parts.push(`[${i}:a]${FORMAT},adelay=${delay}:all=1[v${voices.length}]`);
      voices.push(`[v${voices.length}]`);
    } else {
      const d = input.duration ?? total - input.start;
      const fade = Math.min(0.05, d / 4);
      parts.push(
        `[${i}:a]${FORMAT},atrim=0:${n(d)},asetpts=PTS-STARTPTS,afade=t=in:d=${n(fade)},afade=t=out:st=${n(d - fade)}:d=${n(fade)},adelay=${delay}:all=1[s${scores.length}]`,
      );
      scores.push(`[s${scores.length}]`);
    }
  });
  const bus = (labels: string[], name: string): void => {
    if (labels.length === 1) parts.push(`${labels[0]}apad[${name}]`);
    else
      parts.push(
        `${labels.join('')}amix=inputs=${labels.length}:normalize=0:duration=longest,apad[${name}]`,
      );
  };
  const end = `atrim=0:${n(total)},asetpts=PTS-STARTPTS[premix]`;
  // The body (voice over ducked score) ends the graph, or is summed with the editor's clips.
  const finish = (chain: string): void => {
    const sep = chain.endsWith(']') ? '' : ',';
    if (clips.length === 0) {
      parts.push(`${chain}${sep}${end}`);
      return;
    }
    parts.push(`${chain}${sep}anull[body]`);
    parts.push(
      `[body]${clips.join('')}amix=inputs=${clips.length + 1}:normalize=0:duration=first,${end}`,
    );
  };
  if (voices.length > 0 && scores.length > 0) {
    bus(voices, 'voice');
    bus(scores, 'score');
    parts.push('[voice]asplit=2[vout][vkey]');
    parts.push(
      `[score]volume=${n(ducking.scoreGainDb)}dB[bed]`,
      `[bed][vkey]sidechaincompress=threshold=${n(ducking.threshold)}:ratio=${n(ducking.ratio)}:attack=${n(ducking.attackMs)}:release=${n(ducking.releaseMs)}[ducked]`,
    );
    finish('[ducked][vout]amix=inputs=2:normalize=0:duration=first');
  } else if (voices.length > 0) {
    bus(voices, 'voice');
    finish('[voice]');
  } else if (scores.length > 0) {
    bus(scores, 'score');
    finish(`[score]volume=${n(ducking.scoreGainDb)}dB`);
  } else {
    finish(`anullsrc=r=${MIX_SAMPLE_RATE}:cl=stereo`);
  }
  return parts.join(';');
}

/**
 * Extra true-peak headroom of the WAV mix: the master's AAC encode overshoots the true peak
 * by a few tenths of a dB (measured: a -1.0 dBTP mix became -0.9 dBTP), so the mix aims 0.5 dB
 * lower and the master stays under the target.
 */
export const LOSSY_HEADROOM_DB = 0.5;

function loudnorm(target: LoudnessTarget): string {
  return `loudnorm=I=${n(target.integrated)}:TP=${n(target.truePeak - LOSSY_HEADROOM_DB)}:LRA=${n(target.range)}`;
}

/** Pass 1: the mix through loudnorm in measuring mode, output discarded. */
export function mixMeasureJob(options: MixJobOptions): FfmpegJob {
  return {
    inputs: options.inputs.map((input) => ({ source: input.path, options: [] })),
    filterComplex: `${mixGraph(options)};[premix]${loudnorm(options.loudness)}:print_format=json[out]`,
    outputs: [{ target: '-', options: ['-map', '[out]', '-f', 'null'] }],
  };
}

/**
 * Whether pass 1 measured silence (-inf LUFS: every block under loudnorm's -70 LUFS gate).
 * Silence is written as it is ({@link mixSilentJob}): there is nothing to normalise, and
 * loudnorm refuses `measured_I=-inf`.
 */
export function mixSilent(measured: LoudnormMeasurement): boolean {
  return !Number.isFinite(measured.inputI);
}

const WAV_OPTIONS = (total: number): string[] => [
  '-c:a',
  'pcm_s24le',
  '-ar',
  String(MIX_SAMPLE_RATE),
  '-ac',
  '2',
  '-t',
  n(total),
];

/** The mix without a loudness pass (it measured as silence), as 48 kHz stereo WAV. */
export function mixSilentJob(options: MixJobOptions & { readonly target: string }): FfmpegJob {
  return {
    inputs: options.inputs.map((input) => ({ source: input.path, options: [] })),
    filterComplex: `${mixGraph(options)};[premix]aresample=${MIX_SAMPLE_RATE}[out]`,
    outputs: [
      { target: options.target, options: ['-map', '[out]', ...WAV_OPTIONS(options.total)] },
    ],
  };
}

/** Pass 2: the mix normalised with pass 1's measurement, written as 48 kHz stereo WAV. */
export function mixRenderJob(
  options: MixJobOptions & { readonly measured: LoudnormMeasurement; readonly target: string },
): FfmpegJob {
  const m = options.measured;
  const measured = `measured_I=${n(m.inputI)}:measured_TP=${n(m.inputTp)}:measured_LRA=${n(m.inputLra)}:measured_thresh=${n(m.inputThresh)}:offset=${n(m.targetOffset)}:linear=true`;
  return {
    inputs: options.inputs.map((input) => ({ source: input.path, options: [] })),
    filterComplex: `${mixGraph(options)};[premix]${loudnorm(options.loudness)}:${measured},aresample=${MIX_SAMPLE_RATE}[out]`,
    outputs: [
      { target: options.target, options: ['-map', '[out]', ...WAV_OPTIONS(options.total)] },
    ],
  };
}
