/**
 * ffprobe through fluent-ffmpeg, reduced to the facts libero uses. The raw answer is
 * validated with zod (a trust boundary).
 */
import ffmpeg from 'fluent-ffmpeg';
import { z } from 'zod';
import { LiberoError } from '../shared/index.js';
import { findFfmpeg } from './find-ffmpeg.js';

/** A rational frame rate as ffprobe writes it ("24000/1001"). */
export interface Rate {
  readonly num: number;
  readonly den: number;
}

/** One probed stream. */
export interface ProbedStream {
  readonly index: number;
  readonly kind: 'video' | 'audio' | 'other';
  readonly codec: string | null;
  readonly profile: string | null;
  readonly width: number | null;
  readonly height: number | null;
  readonly pixFmt: string | null;
  readonly frameRate: Rate | null;
  readonly frameCount: number | null;
  readonly duration: number | null;
  readonly sampleRate: number | null;
  readonly channels: number | null;
  readonly colorPrimaries: string | null;
  readonly colorTransfer: string | null;
  readonly colorSpace: string | null;
  /** `tv` (limited) or `pc` (full), when tagged. */
  readonly colorRange: string | null;
  /** Sample (pixel) aspect ratio as a number, null when unknown or unset. */
  readonly sampleAspect: number | null;
}

/** The facts about one media file. */
export interface ProbedMedia {
  readonly path: string;
  readonly formatName: string | null;
  readonly duration: number | null;
  readonly tags: Readonly<Record<string, string>>;
  readonly streams: readonly ProbedStream[];
}

const probeSchema = z.object({
  format: z
    .object({
      format_name: z.string().optional(),
      duration: z.union([z.number(), z.string()]).optional(),
      tags: z.record(z.string(), z.unknown()).optional(),
    })
    .optional(),
  streams: z.array(
    z.object({
      index: z.number(),
      codec_type: z.string().optional(),
      codec_name: z.string().optional(),
      profile: z.union([z.string(), z.number()]).optional(),
      width: z.number().optional(),
      height: z.number().optional(),
      pix_fmt: z.string().optional(),
      r_frame_rate: z.string().optional(),
      avg_frame_rate: z.string().optional(),
      nb_frames: z.union([z.number(), z.string()]).optional(),
      duration: z.union([z.number(), z.string()]).optional(),
      sample_rate: z.union([z.number(), z.string()]).optional(),
      channels: z.number().optional(),
      color_primaries: z.string().optional(),
      color_transfer: z.string().optional(),
      color_space: z.string().optional(),
      color_range: z.string().optional(),
      sample_aspect_ratio: z.string().optional(),
    }),
  ),
});

function num(value: unknown): number | null {
  if (value === undefined || value === null || value === 'N/A' || value === 'unknown') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

function rate(value: string | undefined): Rate | null {
  if (value === undefined) return null;
  const [n, d] = value.split('/').map(Number);
  if (
    n === undefined ||
    d === undefined ||
    !Number.isFinite(n) ||
    !Number.isFinite(d) ||
    n === 0 ||
    d === 0
  )
    return null;
  return { num: n, den: d };
}

function aspect(value: string | undefined): number | null {
  const r = rate(value?.replace(':', '/'));
  return r === null ? null : r.num / r.den;
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value !== 'unknown' ? value : null;
}

/** Probes a file; rejects with FFPROBE_FAILED naming the file. */
export function probeMedia(path: string): Promise<ProbedMedia> {
  const paths = findFfmpeg();
  return new Promise((resolve, reject) => {
    ffmpeg.setFfprobePath(paths.ffprobe);
    ffmpeg.ffprobe(path, (error: Error | null, data: unknown) => {
      if (error !== null && error !== undefined) {
        reject(
          new LiberoError(
            'FFPROBE_FAILED',
            `ffprobe could not read ${path}: ${error.message.split('\n').slice(-3).join(' ')}`,
            { details: { path }, cause: error },
          ),
        );
        return;
      }
      const parsed = probeSchema.safeParse(data);
      if (!parsed.success) {
        reject(
          new LiberoError('FFPROBE_FAILED', `ffprobe gave an unexpected answer for ${path}.`, {
            details: { path },
            cause: parsed.error,
          }),
        );
        return;
      }
      const tags: Record<string, string> = {};
      for (const [k, v] of Object.entries(parsed.data.format?.tags ?? {})) tags[k] = String(v);
      resolve({
        path,
        formatName: parsed.data.format?.format_name ?? null,
        duration: num(parsed.data.format?.duration),
        tags,
        streams: parsed.data.streams.map((s) => ({
          index: s.index,
          kind: s.codec_type === 'video' ? 'video' : s.codec_type === 'audio' ? 'audio' : 'other',
          codec: s.codec_name ?? null,
          profile: s.profile === undefined ? null : String(s.profile),
          width: s.width ?? null,
          height: s.height ?? null,
          pixFmt: str(s.pix_fmt),
          frameRate: rate(s.r_frame_rate),
          frameCount: num(s.nb_frames),
          duration: num(s.duration),
          sampleRate: num(s.sample_rate),
          channels: s.channels ?? null,
          colorPrimaries: str(s.color_primaries),
          colorTransfer: str(s.color_transfer),
          colorSpace: str(s.color_space),
          colorRange: str(s.color_range),
          sampleAspect: aspect(s.sample_aspect_ratio),
        })),
      });
    });
  });
}
