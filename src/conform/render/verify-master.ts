/**
 * Checks a joined master before it replaces the previous one: the exact frame count, H.264
 * High yuv420p at the plan's size, AAC 48 kHz stereo, and no timestamp repair at a join
 * (ffmpeg exits 0 while rewriting timestamps when segments disagree; see
 * ../shared/ref/performance.md, "Concat pitfalls actually reproduced here").
 */
import type { ProbedMedia } from '../../media/index.js';
import { LiberoError } from '../../shared/index.js';
import type { RenderPlan } from './render-plan.js';

/** Problems found in a master (pure); empty when it is right. */
export function masterProblems(options: {
  probed: ProbedMedia;
  plan: RenderPlan;
  stderr: string;
}): string[] {
  const { probed, plan, stderr } = options;
  const problems: string[] = [];
  const video = probed.streams.find((s) => s.kind === 'video');
  const audio = probed.streams.find((s) => s.kind === 'audio');
  if (video === undefined) problems.push('no video stream');
  else {
    if (video.frameCount !== plan.frameCount)
      problems.push(`${video.frameCount ?? 'unknown'} video frames instead of ${plan.frameCount}`);
    // x264's ultrafast preset drops CABAC and B-frames, so its stream is Baseline.
    const profile = plan.output.preset === 'ultrafast' ? video.profile : 'High';
    if (video.codec !== 'h264' || video.profile !== profile)
      problems.push(`video is ${video.codec ?? '?'} ${video.profile ?? '?'}, not H.264 High`);
    if (video.pixFmt !== 'yuv420p') problems.push(`pixel format ${video.pixFmt ?? '?'}`);
    if (video.width !== plan.output.width || video.height !== plan.output.height)
      problems.push(`size ${video.width}x${video.height}`);
  }
  if (audio === undefined) problems.push('no audio stream');
  else if (audio.codec !== 'aac' || audio.sampleRate !== 48_000 || audio.channels !== 2)
    problems.push(
      `audio is ${audio.codec ?? '?'} ${audio.sampleRate ?? '?'} Hz ${audio.channels ?? '?'} ch`,
    );
  if (/Non-monoton(ous|ic) DTS/i.test(stderr)) problems.push('timestamps repaired at a join');
  return problems;
}

/** Throws RENDER_VERIFY_FAILED naming what is wrong. */
export async function verifyMaster(options: {
  path: string;
  plan: RenderPlan;
  stderr: string;
  probe: (path: string) => Promise<ProbedMedia>;
}): Promise<void> {
  const probed = await options.probe(options.path);
  const problems = masterProblems({ probed, plan: options.plan, stderr: options.stderr });
  if (problems.length > 0) {
    throw new LiberoError(
      'RENDER_VERIFY_FAILED',
      `The joined master is wrong (${problems.join('; ')}); it was not written.`,
      { details: { problems, path: options.path } },
    );
  }
}
