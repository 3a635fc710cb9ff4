/**
 * Content keys of cached segments and audio (pure). A key covers everything that makes the
 * file: the layers (with each file's identity, trims, speed, colour), the frame count, the
 * LUT's content, the output settings and the encoder fingerprint. A segment's position on
 * the timeline is not part of it: moving a shot keeps its segment.
 */
import { createHash } from 'node:crypto';
import type { AudioPlan, LayerSource, Segment } from './render-plan.js';

function sha(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 32);
}

/** What of a source shows in the picture: a media clip's name does not (a card's does). */
function pictureOf(source: LayerSource | null): unknown {
  if (source === null) return null;
  if (source.kind === 'media') return { ...source, clipName: null };
  if (source.kind === 'dissolve')
    return { ...source, from: pictureOf(source.from), to: pictureOf(source.to) };
  return source;
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
    layers: segment.layers.map((l) => ({ ...l, source: pictureOf(l.source) })),
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
  return sha({ kind: 'audio', v: 2, ...options });
}

/** The key of a join list: the ordered segment files. */
export function joinKey(files: readonly string[]): string {
  return sha({ kind: 'join', files });
}
