/**
 * The render plan: what every output frame shows, as plain data. The adapter
 * (`timelineToRenderPlan`) builds it from a timeline; the builders turn it into ffmpeg jobs;
 * `executeRenderPlan` runs them. Nothing here touches disk or processes.
 *
 * Frames are timeline frames at `output.rate`, counted from the timeline's first frame
 * (`global_start_time` never shifts anything).
 */
import type { Cdl } from './cdl.js';

/** A rational rate, e.g. `{ num: 24000, den: 1001 }`. */
export interface FrameRate {
  readonly num: number;
  readonly den: number;
}

/** Size, rate and encoder settings of the master. */
export interface OutputSettings {
  readonly width: number;
  readonly height: number;
  readonly rate: FrameRate;
  /** x264 constant rate factor (default 18). */
  readonly crf: number;
  /** x264 preset (default `medium`). */
  readonly preset: string;
}

/** The facts about a media file's video stream the plan needs. */
export interface MediaVideo {
  readonly width: number;
  readonly height: number;
  /** Sample aspect ratio as num/den (1 for square pixels). */
  readonly sampleAspect: number;
  readonly rate: FrameRate;
  /** Number of decodable frames, or null when unknown. */
  readonly frameCount: number | null;
  /** YUV matrix of the file (`bt709`, `bt601`, `bt2020`): its tag, else by size. */
  readonly colorMatrix: 'bt709' | 'bt601' | 'bt2020';
  /** Full-range (JPEG) levels. */
  readonly fullRange: boolean;
}

/**
 * A clip whose file exists. Record frame `k` (0 = the first frame the source is used for)
 * shows the media frame on screen at `sourceStart + k * timeScalar / output.rate` seconds
 * into the file (the file's first frame is at 0; `available_range.start_time` is already
 * subtracted).
 */
export interface MediaSource {
  readonly kind: 'media';
  readonly clipName: string;
  readonly path: string;
  /** Identity of the file for cache keys: path, size and modification time. */
  readonly fileIdentity: string;
  readonly video: MediaVideo;
  readonly sourceStart: number;
  /** 1 = normal speed, 2 = twice as fast, 0 = freeze frame. Negative is not supported. */
  readonly timeScalar: number;
  /** Per-clip colour correction, or null. */
  readonly cdl: Cdl | null;
  /** Motion-interpolate when the media rate is below the timeline rate (`--interpolate`). */
  readonly interpolate: boolean;
  /**
   * Demuxer options before `-i`: an image sequence is read through ffmpeg's image2 demuxer
   * (`-f image2 -framerate 24 -start_number 1001`, `path` its `%04d` pattern); absent: none.
   */
  readonly inputOptions?: readonly string[];
}

/** A flat colour (OTIO GeneratorReference of kind SolidColor). */
export interface SolidSource {
  readonly kind: 'solid';
  /** `#rrggbb`. */
  readonly color: string;
}

/** A title card (`libero.title`): centred text on a flat background. */
export interface TitleSource {
  readonly kind: 'title';
  readonly text: string;
  /** Font size in pixels at 1080 lines; scaled with the output height. */
  readonly fontSize: number;
  /** `#rrggbb`. */
  readonly fontColor: string;
  /** `#rrggbb`. */
  readonly backgroundColor: string;
}

/** SMPTE HD colour bars (OTIO GeneratorReference of kind SMPTEBars). */
export interface BarsSource {
  readonly kind: 'bars';
}

/** Why a clip is offline. */
export type OfflineReason =
  | 'missing-file'
  | 'missing-reference'
  | 'not-generated'
  | 'unreadable'
  | 'outside-media'
  | 'unsupported';

/** A clip whose media cannot be shown: rendered as a MEDIA OFFLINE card naming it. */
export interface OfflineSource {
  readonly kind: 'offline';
  readonly clipName: string;
  readonly reason: OfflineReason;
  /** The path or reference that was looked for, for the summary. */
  readonly target: string | null;
}

/** What a single picture source is. */
export type PictureSource = MediaSource | SolidSource | BarsSource | TitleSource | OfflineSource;

/**
 * An SMPTE dissolve from one picture to another over `frameCount` frames. Both sources are
 * timed from the transition's first frame (the outgoing clip's tail handle, the incoming
 * clip's head handle). `null` means black (a dissolve from or to a gap).
 */
export interface DissolveSource {
  readonly kind: 'dissolve';
  readonly from: PictureSource | null;
  readonly to: PictureSource | null;
  readonly frameCount: number;
}

/** Anything a track can show over a run of frames. */
export type LayerSource = PictureSource | DissolveSource;

/** A run of record frames on one video track showing one source. */
export interface TrackPiece {
  readonly startFrame: number;
  readonly frameCount: number;
  readonly source: LayerSource;
}

/** One video track, flattened: pieces sorted by start, never overlapping. */
export interface PlanTrack {
  readonly name: string;
  readonly pieces: readonly TrackPiece[];
}

/** One source as used by a segment: which frames of the piece it shows. */
export interface Layer {
  readonly source: LayerSource;
  /** Frames into the piece's source where this segment starts. */
  readonly offsetFrames: number;
}

/** A run of output frames rendered by one ffmpeg process into one cached file. */
export interface Segment {
  /** First frame, counted from the timeline's first frame. */
  readonly startFrame: number;
  readonly frameCount: number;
  /** Bottom to top; an empty list renders black. */
  readonly layers: readonly Layer[];
}

/** One audio clip of the mix. Times in seconds; record time counted from the render start. */
export interface AudioClip {
  readonly name: string;
  readonly path: string;
  readonly fileIdentity: string;
  /** Seconds into the file where the clip starts. */
  readonly sourceStart: number;
  readonly recordStart: number;
  /** Record duration in seconds. */
  readonly duration: number;
  /** Speed; source seconds used = duration * timeScalar. Must be > 0. */
  readonly timeScalar: number;
  readonly gainDb: number;
}

/** Integrated loudness target of the mix. */
export interface LoudnessTarget {
  /** Integrated LUFS, e.g. -14. */
  readonly integrated: number;
  /** Maximum true peak in dBTP, e.g. -1. */
  readonly truePeak: number;
}

/** The master's audio: the clips to mix (possibly one prepared file at 0) and a target. */
export interface AudioPlan {
  readonly clips: readonly AudioClip[];
  readonly loudness: LoudnessTarget | null;
}

/** The whole render. */
export interface RenderPlan {
  readonly output: OutputSettings;
  /** First rendered frame (from the timeline's first frame) and how many. */
  readonly startFrame: number;
  readonly frameCount: number;
  readonly segments: readonly Segment[];
  /** A timeline-wide 3D LUT (.cube) applied after compositing, with its content hash. */
  readonly lut: { readonly path: string; readonly hash: string } | null;
  readonly audio: AudioPlan;
  /** Clips rendered as MEDIA OFFLINE cards. */
  readonly offline: readonly OfflineSource[];
}

/** The product default: 1920x1080, CRF 18, preset medium. */
export const DEFAULT_OUTPUT = { width: 1920, height: 1080, crf: 18, preset: 'medium' } as const;

/** Seconds per frame as a float. */
export function frameDuration(rate: FrameRate): number {
  return rate.den / rate.num;
}

/** `24000/1001` or `24`. */
export function rateString(rate: FrameRate): string {
  return rate.den === 1 ? String(rate.num) : `${rate.num}/${rate.den}`;
}
