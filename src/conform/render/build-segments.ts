/**
 * Cuts the timeline into segments: a new segment starts wherever any visible track changes
 * what it shows. Layers hidden under a full-frame opaque layer are dropped first, so a change
 * on a hidden track does not invalidate a segment, and neighbouring runs that show the same
 * sources continuously are merged back into one segment.
 *
 * ```
 * V2            [title====]
 * V1  [A=============][B===========]
 *     |   seg 0  | s1 |s2|   seg 3  |
 *                 ^ V2 covers V1 here: A and B are dropped from s1 and s2
 * ```
 */
import { fitSize } from './fit-size.js';
import type { Size } from './fit-size.js';
import type { Layer, LayerSource, PlanTrack, Segment } from './render-plan.js';

/** Options for {@link buildSegments}. */
export interface BuildSegmentsOptions {
  /** Bottom to top. */
  readonly tracks: readonly PlanTrack[];
  readonly frame: Size;
  /** The rendered range, in timeline frames. */
  readonly startFrame: number;
  readonly frameCount: number;
}

/** True when the source fills the whole frame with opaque pixels. */
export function coversFrame(source: LayerSource, frame: Size): boolean {
  if (source.kind !== 'media') return true;
  const fit = fitSize(source.video, frame);
  return fit.width === frame.width && fit.height === frame.height;
}

function sameLayers(a: readonly Layer[], b: readonly Layer[], advance: number): boolean {
  return (
    a.length === b.length &&
    a.every((layer, i) => {
      const other = b[i];
      return (
        other !== undefined &&
        other.source === layer.source &&
        other.offsetFrames === layer.offsetFrames + advance
      );
    })
  );
}

/** Splits `[startFrame, startFrame + frameCount)` into segments (pure). */
export function buildSegments(options: BuildSegmentsOptions): Segment[] {
  const { tracks, frame, startFrame, frameCount } = options;
  const end = startFrame + frameCount;
  const cuts = new Set<number>([startFrame, end]);
  for (const track of tracks)
    for (const piece of track.pieces) {
      for (const edge of [piece.startFrame, piece.startFrame + piece.frameCount])
        if (edge > startFrame && edge < end) cuts.add(edge);
    }
  const edges = [...cuts].sort((a, b) => a - b);
  const segments: Segment[] = [];
  for (let i = 0; i + 1 < edges.length; i++) {
    const from = edges[i] ?? 0;
    const to = edges[i + 1] ?? 0;
    let layers: Layer[] = [];
    for (const track of tracks) {
      const piece = track.pieces.find(
        (p) => p.startFrame <= from && from < p.startFrame + p.frameCount,
      );
      if (piece === undefined) continue;
      const layer = { source: piece.source, offsetFrames: from - piece.startFrame };
      layers = coversFrame(piece.source, frame) ? [layer] : [...layers, layer];
    }
    const previous = segments[segments.length - 1];
    if (
      previous !== undefined &&
      previous.startFrame + previous.frameCount === from &&
      sameLayers(previous.layers, layers, previous.frameCount)
    ) {
      segments[segments.length - 1] = { ...previous, frameCount: previous.frameCount + to - from };
    } else {
      segments.push({ startFrame: from, frameCount: to - from, layers });
    }
  }
  return segments;
}
