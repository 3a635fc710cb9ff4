/**
 * Content keys of cached segments and audio (pure). A key covers everything that makes the
 * file: the layers (with each file's identity, trims, speed, colour), the frame count, the
 * LUT's content, the output settings and the encoder fingerprint. A segment's position on
 * the timeline is not part of it: moving a shot keeps its segment.
 */
import { createHash } from 'node:crypto';
import type { AudioPlan, Segment } from './render-plan.js';

function sha(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 32);
}

/** The cache key of a segment. */
export function segmentKey(options: {
  segment: Segment;
  lutHash: string | null;
  fingerprint: string;
}): string {
  const { segment, lutHash, fingerprint } = options;
  return sha({
    kind: 'segment',
    layers: segment.layers,
    frames: segment.frameCount,
    lut: lutHash,
    encoder: fingerprint,
  });
}

/** The cache key of the master's audio. */
export function audioKey(options: {
  audio: AudioPlan;
  totalSamples: number;
  ffmpegVersion: string;
}): string {
  return sha({ kind: 'audio', v: 1, ...options });
}

/** The key of a join list: the ordered segment files. */
export function joinKey(files: readonly string[]): string {
  return sha({ kind: 'join', files });
}
