/**
 * One OTIO video track as plan pieces (pure): each enabled clip over its record range, gaps
 * and disabled items left empty, and each enabled transition as a dissolve piece between the
 * clips it joins, which are cut back to its edges.
 *
 * ```
 * children:  [A (0-48)] [T in=6 out=6] [B (48-96)]
 * pieces:    A 0-42 | dissolve A->B 42-54 | B 54-96
 *            the dissolve shows A's tail handle (A frames 42-53) fading into B's
 *            head handle (B's frames -6..5 relative to its cut)
 * ```
 * A transition at a track's start or end, or beside a gap, dissolves from or to black.
 */
import { Clip, Gap, Transition, rangesOfTrackChildren } from '../../timeline/index.js';
import type { RationalTime, Track } from '../../timeline/index.js';
import { advanceSource } from './advance-source.js';
import { pictureOfClip } from './picture-of-clip.js';
import type { ClipContext } from './picture-of-clip.js';
import type {
  FrameRate,
  LayerSource,
  PictureSource,
  PlanTrack,
  TrackPiece,
} from './render-plan.js';

/** A record time as a frame number at the timeline rate. */
export function toFrame(time: RationalTime, rate: FrameRate): number {
  return Math.round(time.valueRescaledTo(rate.num / rate.den) - 1e-9);
}

interface Span {
  start: number;
  end: number;
  /** Where `source` starts (its frame 0). */
  readonly origin: number;
  readonly source: PictureSource | null;
}

/** Options for {@link planVideoTrack}. */
export interface PlanVideoTrackOptions {
  readonly track: Track;
  readonly rate: FrameRate;
  readonly ctx: ClipContext;
}

function trackOffset(track: Track, rate: FrameRate): number {
  return track.sourceRange === null ? 0 : toFrame(track.sourceRange.startTime, rate);
}

/** The pieces of one video track. */
export function planVideoTrack(options: PlanVideoTrackOptions): PlanTrack {
  const { track, rate, ctx } = options;
  const offset = trackOffset(track, rate);
  const children = track.children;
  const ranges = rangesOfTrackChildren(track);
  const spans = new Map<number, Span>();
  children.forEach((child, i) => {
    const range = ranges[i];
    if (child instanceof Transition || range === null || range === undefined) return;
    const start = toFrame(range.startTime, rate) - offset;
    const end = toFrame(range.endTimeExclusive(), rate) - offset;
    let source: PictureSource | null = null;
    if (child instanceof Clip) source = child.enabled ? pictureOfClip(child, ctx) : null;
    else if (!(child instanceof Gap) && child.visible())
      source = {
        kind: 'offline',
        clipName: child.name || '(nested)',
        reason: 'unsupported',
        target: 'nested composition',
      };
    spans.set(i, { start, end, origin: start, source });
  });
  const dissolves: TrackPiece[] = [];
  children.forEach((child, i) => {
    const range = ranges[i];
    if (!(child instanceof Transition) || !child.enabled || range === null || range === undefined)
      return;
    const start = toFrame(range.startTime, rate) - offset;
    const end = start + toFrame(child.duration(), rate);
    if (end <= start) return;
    const before = spans.get(i - 1);
    const after = spans.get(i + 1);
    const from =
      before?.source == null ? null : advanceSource(before.source, start - before.origin, rate);
    const to =
      after?.source == null ? null : advanceSource(after.source, start - after.origin, rate);
    if (before !== undefined) before.end = Math.min(before.end, start);
    if (after !== undefined) after.start = Math.max(after.start, end);
    const source: LayerSource = { kind: 'dissolve', from, to, frameCount: end - start };
    dissolves.push({ startFrame: start, frameCount: end - start, source });
  });
  const pieces: TrackPiece[] = [...dissolves];
  for (const span of spans.values()) {
    if (span.source === null || span.end <= span.start) continue;
    pieces.push({
      startFrame: span.start,
      frameCount: span.end - span.start,
      source: advanceSource(span.source, span.start - span.origin, rate),
    });
  }
  pieces.sort((a, b) => a.startFrame - b.startFrame);
  return { name: track.name, pieces };
}
