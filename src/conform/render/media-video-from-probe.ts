/** The plan's view of a probed file's video stream (pure). */
import type { ProbedMedia } from '../../media/index.js';
import type { MediaVideo } from './render-plan.js';

function matrixOf(colorSpace: string | null, height: number): MediaVideo['colorMatrix'] {
  if (colorSpace === 'bt709') return 'bt709';
  if (colorSpace === 'bt2020nc' || colorSpace === 'bt2020c') return 'bt2020';
  if (colorSpace === 'smpte170m' || colorSpace === 'bt470bg') return 'bt601';
  // Untagged: HD and larger is BT.709 in practice, SD is BT.601.
  return height >= 720 ? 'bt709' : 'bt601';
}

/** The first video stream of a probed file, or null when it has none (or no usable rate). */
export function mediaVideoFromProbe(probed: ProbedMedia): MediaVideo | null {
  const stream = probed.streams.find((s) => s.kind === 'video');
  if (stream === undefined || stream.width === null || stream.height === null) return null;
  if (stream.frameRate === null) return null;
  return {
    width: stream.width,
    height: stream.height,
    sampleAspect: stream.sampleAspect ?? 1,
    rate: stream.frameRate,
    frameCount: stream.frameCount,
    colorMatrix: matrixOf(stream.colorSpace, stream.height),
    fullRange: stream.pixFmt?.startsWith('yuvj') === true || stream.colorRange === 'pc',
  };
}
