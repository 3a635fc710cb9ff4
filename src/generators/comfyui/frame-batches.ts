/**
 * Which frames of a clip the upscale stage works on, and in which batches. Frames the cut does
 * not use are never upscaled: only the trimmed range plus `handles` frames each side (clamped
 * to the clip), in batches of `batchSize` frames (24 by default; 5 when going to 4K).
 *
 * ```
 * clip      |0 ..................................................... total|
 * used                  |trimStart ......... trimStart+trimFrames|
 * upscaled        |<handles>|                                    |<handles>|
 * batches         [  24  ][  24  ][  24  ][ rest ]
 * ```
 */

/** One batch: its first frame in the clip and its frame count. */
export interface FrameBatch {
  readonly start: number;
  readonly count: number;
}

/** Options for {@link frameBatches}. */
export interface FrameBatchesOptions {
  /** Frames in the input clip. */
  readonly total: number;
  /** The used range in the clip, or null for all of it. */
  readonly used: { readonly start: number; readonly count: number } | null;
  readonly handles: number;
  readonly batchSize: number;
}

/** The batches covering the used range plus handles; empty when nothing is used. */
export function frameBatches(options: FrameBatchesOptions): FrameBatch[] {
  const { total, used, handles, batchSize } = options;
  if (batchSize < 1) throw new RangeError(`batch size must be at least 1, got ${batchSize}`);
  const from = used === null ? 0 : Math.max(0, used.start - handles);
  const to = used === null ? total : Math.min(total, used.start + used.count + handles);
  const out: FrameBatch[] = [];
  for (let start = from; start < to; start += batchSize) {
    out.push({ start, count: Math.min(batchSize, to - start) });
  }
  return out;
}
