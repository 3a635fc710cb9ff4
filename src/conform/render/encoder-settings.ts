/**
 * The pinned H.264 settings every segment is encoded with. The concat demuxer keeps the first
 * segment's SPS/PPS for the whole file, so every segment must share profile, level, pixel
 * format, colour tags and track timescale (see ../shared/ref/performance.md, "Segment +
 * concat-copy pitfalls"); the fingerprint goes into every segment's cache key.
 */
import type { OutputSettings } from './render-plan.js';
import { rateString } from './render-plan.js';

/** The mp4 track timescale for a rate: 24 -> 24000, 25 -> 25000, 24000/1001 -> 24000. */
export function trackTimescale(rate: OutputSettings['rate']): number {
  return rate.den === 1 ? rate.num * 1000 : rate.num;
}

/** Output options of a segment encode (H.264 High, yuv420p, BT.709 tags, no audio). */
export function encoderSettingsFor(output: OutputSettings, frameCount: number): string[] {
  return [
    '-map',
    '[vout]',
    '-an',
    '-c:v',
    'libx264',
    '-preset',
    output.preset,
    '-crf',
    String(output.crf),
    '-profile:v',
    'high',
    '-pix_fmt',
    'yuv420p',
    '-color_primaries',
    'bt709',
    '-color_trc',
    'bt709',
    '-colorspace',
    'bt709',
    '-color_range',
    'tv',
    '-r',
    rateString(output.rate),
    '-frames:v',
    String(frameCount),
    '-video_track_timescale',
    String(trackTimescale(output.rate)),
    '-f',
    'mp4',
  ];
}

/** Everything about the encoder that must match across joined segments. */
export function encoderFingerprint(output: OutputSettings, ffmpegVersion: string): string {
  return JSON.stringify({
    v: 1,
    ffmpeg: ffmpegVersion,
    size: `${output.width}x${output.height}`,
    rate: rateString(output.rate),
    crf: output.crf,
    preset: output.preset,
    profile: 'high',
    pixFmt: 'yuv420p',
    tags: 'bt709/tv',
  });
}
