/**
 * The master's audio, once at full length (the I/O shell of build-audio-jobs.ts): mixed straight
 * to AAC, or through two-pass loudnorm when a target is asked. Silence is never normalised: a
 * plan without audible clips is encoded as silence at once, and a mix that pass 1 measures as
 * silence (-inf LUFS) is encoded as it is. The result is cached by the plan's audio key with a
 * note of what was done.
 */
import { join } from 'node:path';
import type { FfmpegJob } from '../../media/index.js';
import {
  buildLoudnessApplyJob,
  buildLoudnessMeasureJob,
  buildMixJob,
  buildMixWavJob,
  buildWavToAacJob,
  measuredSilence,
  SAMPLE_RATE,
} from './build-audio-jobs.js';
import { parseLoudnormJson } from './parse-loudnorm-json.js';
import {
  cachedFileExists,
  commitFile,
  discardFile,
  readTextIfExists,
  temporarySibling,
  writeTextOnce,
} from './render-cache-fs.js';
import type { RenderPlan } from './render-plan.js';
import type { RenderSummary } from './render-summary.js';
import { audioKey } from './segment-key.js';

/** What was made of the master's audio. */
export interface RenderedAudio {
  /** The AAC file (m4a) to mux. */
  readonly path: string;
  readonly reused: boolean;
  readonly loudness: RenderSummary['loudness'];
  /** Silence: no audible clip, or the mix measured -inf LUFS; no loudness pass was run. */
  readonly silent: boolean;
}

/** Options for {@link renderAudio}. */
export interface RenderAudioOptions {
  readonly plan: RenderPlan;
  /** The render cache's audio folder. */
  readonly audioDir: string;
  readonly ffmpegVersion: string;
  /** Runs one ffmpeg job and resolves to its stderr. */
  readonly run: (job: FfmpegJob) => Promise<string>;
}

interface AudioNote {
  readonly loudness: RenderSummary['loudness'];
  readonly silent: boolean;
}

/** Mixes (or reuses) the master's audio. */
export async function renderAudio(options: RenderAudioOptions): Promise<RenderedAudio> {
  const { plan, run } = options;
  const rate = plan.output.rate;
  const totalSamples = Math.round((plan.frameCount * rate.den * SAMPLE_RATE) / rate.num);
  const key = audioKey({ audio: plan.audio, totalSamples, ffmpegVersion: options.ffmpegVersion });
  const path = join(options.audioDir, `${key}.m4a`);
  const notePath = join(options.audioDir, `${key}.json`);
  const note = readTextIfExists(notePath);
  if (cachedFileExists(path) && note !== null) {
    return { path, reused: true, ...(JSON.parse(note) as AudioNote) };
  }
  const tmp = temporarySibling(path, 'audio.m4a');
  let made: AudioNote;
  try {
    made = await mixInto({ plan, totalSamples, target: tmp, path, run });
    commitFile(tmp, path);
    writeTextOnce(notePath, JSON.stringify(made));
  } finally {
    discardFile(tmp);
  }
  return { path, reused: false, ...made };
}

async function mixInto(options: {
  plan: RenderPlan;
  totalSamples: number;
  target: string;
  path: string;
  run: (job: FfmpegJob) => Promise<string>;
}): Promise<AudioNote> {
  const { plan, totalSamples, target, run } = options;
  const audio = plan.audio;
  const silent = audio.clips.length === 0;
  if (silent || audio.loudness === null) {
    await run(buildMixJob({ plan: audio, totalSamples, target }));
    return { loudness: null, silent };
  }
  const wav = temporarySibling(options.path, 'mix.wav');
  try {
    await run(buildMixWavJob({ plan: audio, totalSamples, target: wav }));
    const measured = parseLoudnormJson(
      await run(buildLoudnessMeasureJob({ wav, target: audio.loudness })),
    );
    if (measuredSilence(measured)) {
      await run(buildWavToAacJob({ wav, output: target }));
      return { loudness: null, silent: true };
    }
    const applied = parseLoudnormJson(
      await run(buildLoudnessApplyJob({ wav, target: audio.loudness, measured, output: target })),
    );
    return {
      loudness: {
        measuredIntegrated: Number(measured.input_i),
        normalization: applied.normalization_type,
      },
      silent: false,
    };
  } finally {
    discardFile(wav);
  }
}
