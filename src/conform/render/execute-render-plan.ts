/**
 * Runs a render plan (the I/O shell): encodes the segments that are not cached, mixes the
 * audio once at full length while they encode, joins the segments without re-encoding, muxes
 * the audio, and checks the master before moving it into place.
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

/**
 * Segment encodes run at once. One: on the 2-core machines measured (farm-bench, ten 3 s 1080p24
 * shots, veryfast, against one plain ffmpeg) two at a time cost more CPU (x264 instances
 * contending: 1.29x vs 1.17x the plain encode's CPU) and no wall time; a many-core machine may
 * want more, measure with `npm run bench -- render` before raising it.
 */
export const SEGMENT_CONCURRENCY = 1;

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
  let framesDone = 0;
  let segmentsDone = 0;
  let reused = 0;
  // Frames encoded so far by each segment in flight.
  const inFlight = new Map<number, number>();
  const report = (phase: RenderProgress['phase'], fps: number): void =>
    onProgress?.({
      phase,
      framesDone: framesDone + [...inFlight.values()].reduce((a, b) => a + b, 0),
      framesTotal: plan.frameCount,
      segmentsDone,
      segmentsTotal: plan.segments.length,
      fps,
    });
  report('segments', 0);
  // The audio is independent of the picture: it is mixed while the segments encode, and
  // awaited before the join.
  const audioRun = renderAudio({
    plan,
    audioDir: dirs.audio,
    ffmpegVersion: version,
    run: (job) => run(job, options, null),
  });
  // Settled here so a segment failure does not leave its rejection unhandled.
  const audioDone = audioRun.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  const segmentFiles = plan.segments.map((segment) =>
    join(dirs.segments, `${segmentKey({ segment, lutHash, fingerprint })}.mp4`),
  );
  const encodeSegment = async (index: number): Promise<void> => {
    const segment = plan.segments[index] as Segment;
    const file = segmentFiles[index] as string;
    if (cachedFileExists(file)) {
      reused += 1;
    } else {
      for (const picture of pictures(segment))
        for (const text of cardTexts(picture)) writeTextOnce(cardTextPath(dirs.text, text), text);
      const tmp = temporarySibling(file, 'segment.mp4');
      inFlight.set(index, 0);
      try {
        const job = buildSegmentJob({
          segment,
          output: plan.output,
          lutPath: plan.lut?.path ?? null,
          textDir: dirs.text,
          target: tmp,
        });
        await run(job, options, (frames, fps) => {
          inFlight.set(index, Math.min(frames, segment.frameCount));
          report('segments', fps);
        });
        commitFile(tmp, file);
      } finally {
        inFlight.delete(index);
        discardFile(tmp);
      }
    }
    framesDone += segment.frameCount;
    segmentsDone += 1;
    report('segments', 0);
  };
  // SEGMENT_CONCURRENCY encodes at a time; each segment is its own file and cache entry.
  let next = 0;
  let failure: { error: unknown } | null = null;
  const worker = async (): Promise<void> => {
    while (failure === null && next < plan.segments.length) {
      const index = next++;
      try {
        await encodeSegment(index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: SEGMENT_CONCURRENCY }, worker));
  if (failure !== null) throw (failure as { error: unknown }).error;
  report('audio', 0);
  const audioResult = await audioDone;
  if (!audioResult.ok) throw audioResult.error;
  const audio = audioResult.value;
  report('join', 0);
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
