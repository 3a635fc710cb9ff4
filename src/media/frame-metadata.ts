/**
 * The text ffmpeg's `metadata=mode=print:file=PATH` filter writes: one header line per frame
 * (`frame:12   pts:6144    pts_time:0.5`) followed by `key=value` lines of the frame's
 * metadata (`lavfi.signalstats.YAVG=124.6`, `lavfi.scd.score=0.2`, `lavfi.black_start=2.5`).
 * See https://ffmpeg.org/ffmpeg-filters.html#metadata_002c-ametadata.
 */

/** One frame's metadata as printed by the `metadata` filter. */
export interface FrameMetadata {
  /** The frame's index in the filter's output (0-based). */
  readonly frame: number;
  /** Presentation time in seconds, or null when ffmpeg printed `NOPTS`. */
  readonly time: number | null;
  /** Numeric values by key; non-numeric values are left out. */
  readonly values: Readonly<Record<string, number>>;
}

const HEADER = /^frame:(\d+)\s+pts:(\S+)\s+pts_time:(\S+)\s*$/;

/** Parses the metadata filter's print output (pure). Lines before the first header are ignored. */
export function parseFrameMetadata(text: string): FrameMetadata[] {
  const frames: FrameMetadata[] = [];
  let current: { frame: number; time: number | null; values: Record<string, number> } | null = null;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    const header = HEADER.exec(line);
    if (header !== null) {
      const time = Number(header[3]);
      current = { frame: Number(header[1]), time: Number.isFinite(time) ? time : null, values: {} };
      frames.push(current);
      continue;
    }
    if (current === null) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const value = Number(line.slice(eq + 1));
    if (Number.isFinite(value)) current.values[line.slice(0, eq)] = value;
  }
  return frames;
}
