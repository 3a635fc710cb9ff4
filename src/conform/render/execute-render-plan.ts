/**
 * Runs a render plan (the I/O shell): encodes the segments that are not cached, mixes the
 * audio once at full length, joins the segments without re-encoding, muxes the audio, and
 * checks the master before moving it into place.
 */
import { join } from 'node:path';
import { ffmpegVersion, probeMedia, runFfmpeg } from '../../media/index.js';
import type { FfmpegJob } from '../../media/index.js';
import { LiberoError } from '../../shared/index.js';
import { buildJoinJob, concatList } from './build-join-job.js';
import { buildSegmentJob } from './build-segment-job.js';
import { encoderFingerprint } from './encoder-settings.js';
import { cardTextPath, cardTexts } from './layer-chain.js';
import {
  cachedFileExists,
  commitFile,
  discardFile,
  renderCacheDirs,
  temporarySibling,
  writeTextOnce,
} from './render-cache-fs.js';
import type { PictureSource, RenderPlan, Segment } from './render-plan.js';
import { rateString } from './render-plan.js';
import type { RenderProgress, RenderSummary } from './render-summary.js';
import { renderAudio } from './render-audio.js';
import { joinKey, segmentKey } from './segment-key.js';
import { verifyMaster } from './verify-master.js';

/** Options for {@link executeRenderPlan}. */
export interface ExecuteRenderPlanOptions {
  readonly plan: RenderPlan;
  /** The master to write (replaced atomically). */
  readonly output: string;
  /** The project's render cache folder. */
  readonly cacheDir: string;
  readonly signal: AbortSignal | null;
  readonly onProgress: ((progress: RenderProgress) => void) | null;
  /** Called with every ffmpeg job before it runs (debug dumps), or null. */
  readonly onJob: ((job: FfmpegJob) => void) | null;
}

function pictures(segment: Segment): PictureSource[] {
  const list: PictureSource[] = [];
  for (const { source } of segment.layers) {
    if (source.kind === 'dissolve') {
      if (source.from !== null) list.push(source.from);
      if (source.to !== null) list.push(source.to);
    } else list.push(source);
  }
  return list;
}

async function run(
  job: FfmpegJob,
  options: ExecuteRenderPlanOptions,
  onFrames: ((frames: number, fps: number) => void) | null,
): Promise<string> {
  options.onJob?.(job);
  // fluent-ffmpeg probes input 0 when progress is asked for, and fails on a job without
  // inputs (a segment of cards only): such jobs report progress when they finish.
  const result = await runFfmpeg({
    job,
    signal: options.signal,
    onProgress:
      onFrames === null || options.onProgress === null || job.inputs.length === 0
        ? null
        : (p) => onFrames(p.frames, p.fps),
  });
  return result.stderr;
}

/** Runs the plan and returns what was done. */
export async function executeRenderPlan(options: ExecuteRenderPlanOptions): Promise<RenderSummary> {
  const { plan, output, cacheDir, onProgress } = options;
  if (plan.frameCount <= 0)
    throw new LiberoError('RENDER_UNSUPPORTED', `Nothing to render into ${output}: no frames.`);
  const dirs = renderCacheDirs(cacheDir);
  const version = await ffmpegVersion();
  const fingerprint = encoderFingerprint(plan.output, version);
  const lutHash = plan.lut?.hash ?? null;
  const segmentFiles: string[] = [];
  let framesDone = 0;
  let segmentsDone = 0;
  let reused = 0;
  const report = (phase: RenderProgress['phase'], extra: number, fps: number): void =>
    onProgress?.({
      phase,
      framesDone: framesDone + extra,
      framesTotal: plan.frameCount,
      segmentsDone,
      segmentsTotal: plan.segments.length,
      fps,
    });
  report('segments', 0, 0);
  for (const segment of plan.segments) {
    const key = segmentKey({ segment, lutHash, fingerprint });
    const file = join(dirs.segments, `${key}.mp4`);
    segmentFiles.push(file);
    if (cachedFileExists(file)) {
      reused += 1;
    } else {
      for (const picture of pictures(segment))
        for (const text of cardTexts(picture)) writeTextOnce(cardTextPath(dirs.text, text), text);
      const tmp = temporarySibling(file, 'segment.mp4');
      try {
        const job = buildSegmentJob({
          segment,
          output: plan.output,
          lutPath: plan.lut?.path ?? null,
          textDir: dirs.text,
          target: tmp,
        });
        await run(job, options, (frames, fps) =>
          report('segments', Math.min(frames, segment.frameCount), fps),
        );
        commitFile(tmp, file);
      } finally {
        discardFile(tmp);
      }
    }
    framesDone += segment.frameCount;
    segmentsDone += 1;
    report('segments', 0, 0);
  }
  report('audio', 0, 0);
  const audio = await renderAudio({
    plan,
    audioDir: dirs.audio,
    ffmpegVersion: version,
    run: (job) => run(job, options, null),
  });
  report('join', 0, 0);
  const listPath = join(dirs.joins, `${joinKey(segmentFiles)}.ffconcat`);
  writeTextOnce(listPath, concatList(segmentFiles));
  const tmp = temporarySibling(output, 'master.mp4');
  try {
    const stderr = await run(
      buildJoinJob({ listPath, audioPath: audio.path, output: plan.output, target: tmp }),
      options,
      null,
    );
    await verifyMaster({ path: tmp, plan, stderr, probe: probeMedia });
    commitFile(tmp, output);
  } finally {
    discardFile(tmp);
  }
  return {
    output,
    frames: plan.frameCount,
    durationSeconds: (plan.frameCount * plan.output.rate.den) / plan.output.rate.num,
    width: plan.output.width,
    height: plan.output.height,
    rate: rateString(plan.output.rate),
    segmentsTotal: plan.segments.length,
    segmentsReused: reused,
    segmentsEncoded: plan.segments.length - reused,
    audioReused: audio.reused,
    loudness: audio.loudness,
    audioSilent: audio.silent,
    offline: plan.offline,
  };
}
