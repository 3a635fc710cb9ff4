/**
 * The offline draft score: a sustained minor chord with slow swells and a soft low pulse, of
 * exactly the cue's length, so the demo has a bed to duck under the voice. Pure: an
 * {@link FfmpegJob} that `runFfmpeg` executes. The chord's root follows the prompt (a hash),
 * so two different cues do not sound identical.
 */
import { createHash } from 'node:crypto';
import type { FfmpegJob } from '../media/index.js';

/** Sample rate of every intermediate and final audio file of libero. */
export const MIX_SAMPLE_RATE = 48_000;

/** Version of the recipe below; part of the cache key. */
export const DRAFT_SCORE_VERSION = 'draft-score-1';

/** Roots (Hz) the chord may take: A2, B♭2, C3, D3, E2. */
const ROOTS = [110, 116.54, 130.81, 146.83, 82.41];

/** The chord root for a prompt. */
export function draftScoreRoot(prompt: string): number {
  const byte = createHash('sha256').update(prompt).digest()[0] ?? 0;
  return ROOTS[byte % ROOTS.length] ?? 110;
}

/** Options for {@link draftScoreJob}. */
export interface DraftScoreJobOptions {
  readonly prompt: string;
  /** Exact length, seconds. */
  readonly duration: number;
  readonly target: string;
}

function n(value: number): string {
  return Number(value.toFixed(4)).toString();
}

/** The ffmpeg job that writes the bed as 48 kHz stereo 16-bit WAV. */
export function draftScoreJob(options: DraftScoreJobOptions): FfmpegJob {
  const root = draftScoreRoot(options.prompt);
  const third = root * 1.189207; // minor third
  const fifth = root * 1.498307;
  const d = options.duration;
  const fade = Math.min(2, d / 4);
  // Left and right differ by a slow phase offset of the swell: a little width.
  const voice = (phase: number): string =>
    [
      `0.20*sin(2*PI*${n(root)}*t)`,
      `0.14*sin(2*PI*${n(third)}*t)`,
      `0.12*sin(2*PI*${n(fifth)}*t)`,
      `0.06*sin(2*PI*${n(root * 2)}*t)`,
      `0.10*sin(2*PI*${n(root / 2)}*t)*(0.5+0.5*sin(2*PI*1.2*t))`,
    ]
      .join('+')
      .replace(/^/, '(')
      .concat(`)*(0.7+0.3*sin(2*PI*0.08*t+${phase}))`);
  return {
    inputs: [
      {
        // Synthesised at 8 kHz (everything is below the 1.8 kHz low-pass), then resampled.
        source: `aevalsrc=${voice(0)}|${voice(1.5)}:s=8000:c=stereo:d=${n(d)}`,
        options: ['-f', 'lavfi'],
      },
    ],
    filterComplex: `[0:a]aresample=${MIX_SAMPLE_RATE},lowpass=f=1800,afade=t=in:d=${n(fade)},afade=t=out:st=${n(d - fade)}:d=${n(fade)}[out]`,
    outputs: [
      {
        target: options.target,
        options: ['-map', '[out]', '-c:a', 'pcm_s16le', '-ar', String(MIX_SAMPLE_RATE), '-t', n(d)],
      },
    ],
  };
}
