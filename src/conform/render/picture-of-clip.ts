/**
 * What a video clip shows, as a picture source (pure): its media (trim, speed, freeze, CDL),
 * a generator (SolidColor, SMPTEBars, a libero title), or a MEDIA OFFLINE card saying why.
 */
import {
  ExternalReference,
  GeneratorReference,
  ImageSequenceReference,
  LinearTimeWarp,
} from '../../timeline/index.js';
import type { Clip, TimeRange } from '../../timeline/index.js';
import { LiberoError } from '../../shared/index.js';
import { cdlFromMetadata } from './cdl.js';
import type { MediaFactsByPath } from './media-facts.js';
import { mediaPath } from './media-path.js';
import { sequencePattern } from './sequence-sources.js';
import { frameRateOf } from './timeline-rate.js';
import type { PathMapping } from '../../shots/index.js';
import { parseColour } from './parse-colour.js';
import type { OfflineReason, PictureSource, TitleSource } from './render-plan.js';

/** What the planner needs besides the clip. */
export interface ClipContext {
  readonly timelineDir: string;
  /** The project's `paths.map` (the editor's media roots here); absent: none. */
  readonly pathMap?: readonly PathMapping[];
  readonly media: MediaFactsByPath;
  readonly interpolate: boolean;
}

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

/** True when the clip is one of libero's shots (it carries a prompt or a shot id). */
function isShot(clip: Clip): boolean {
  const libero = record(clip.metadata['libero']);
  return libero !== null && ('prompt' in libero || 'shot_id' in libero || 'shot' in libero);
}

function offline(clip: Clip, reason: OfflineReason, target: string | null): PictureSource {
  return { kind: 'offline', clipName: clip.name || '(unnamed clip)', reason, target };
}

function title(params: Record<string, unknown>): TitleSource {
  const size = Number(params['font_size'] ?? params['fontSize'] ?? params['size'] ?? 64);
  return {
    kind: 'title',
    text: String(params['text'] ?? ''),
    fontSize: Number.isFinite(size) && size > 0 ? size : 64,
    fontColor: parseColour(
      params['color'] ?? params['font_color'] ?? params['fontColor'],
      '#ffffff',
    ),
    backgroundColor: parseColour(
      params['background'] ?? params['background_color'] ?? params['backgroundColor'],
      '#000000',
    ),
  };
}

/** The product of the clip's enabled time warps (0 for a freeze frame). */
export function clipTimeScalar(clip: Clip): number {
  let scalar = 1;
  for (const effect of clip.effects)
    if (effect instanceof LinearTimeWarp && effect.enabled) scalar *= effect.timeScalar;
  if (scalar < 0)
    throw new LiberoError(
      'RENDER_UNSUPPORTED',
      `Clip "${clip.name}" plays backwards (time_scalar ${scalar}); reverse playback is not supported.`,
      { details: { clip: clip.name, timeScalar: scalar } },
    );
  return scalar;
}

function trimmed(clip: Clip): TimeRange | null {
  if (clip.sourceRange !== null) return clip.sourceRange;
  try {
    return clip.trimmedRange();
  } catch {
    return null;
  }
}

function generator(clip: Clip, ref: GeneratorReference): PictureSource {
  const kind = ref.generatorKind.toLowerCase();
  const params = record(ref.parameters) ?? {};
  if (kind === 'solidcolor' || kind === 'solid_color' || kind === 'solid')
    return { kind: 'solid', color: parseColour(params['color'] ?? params['colour'], '#000000') };
  if (kind === 'smptebars' || kind === 'bars') return { kind: 'bars' };
  if (kind === 'libero.title' || kind === 'title') return title(params);
  return offline(clip, 'unsupported', `generator ${ref.generatorKind}`);
}

/** The picture source of a clip, timed from its first record frame. */
export function pictureOfClip(clip: Clip, ctx: ClipContext): PictureSource {
  const liberoTitle = record(record(clip.metadata['libero'])?.['title']);
  if (liberoTitle !== null) return title(liberoTitle);
  const ref = clip.mediaReference;
  if (ref instanceof GeneratorReference) return generator(clip, ref);
  if (ref instanceof ImageSequenceReference) return sequenceSource(clip, ref, ctx);
  if (!(ref instanceof ExternalReference))
    return offline(clip, isShot(clip) ? 'not-generated' : 'missing-reference', null);
  const path = mediaPath(ref.targetUrl, ctx.timelineDir, ctx.pathMap);
  if (path === null) return offline(clip, 'unreadable', ref.targetUrl);
  return fromFacts({ clip, ctx, path, reference: ref, inputOptions: [] });
}

/** The media source of a file (or image2 pattern) the planner has facts about. */
function fromFacts(options: {
  clip: Clip;
  ctx: ClipContext;
  path: string;
  reference: ExternalReference | ImageSequenceReference;
  inputOptions: readonly string[];
}): PictureSource {
  const { clip, ctx, path } = options;
  const facts = ctx.media.get(path);
  if (facts === undefined || facts.status === 'missing')
    return offline(clip, isShot(clip) ? 'not-generated' : 'missing-file', path);
  if (facts.status === 'unreadable' || facts.video === null)
    return offline(clip, 'unreadable', path);
  const range = trimmed(clip);
  const availableStart = options.reference.availableRange?.startTime.toSeconds() ?? 0;
  const sourceStart = (range?.startTime.toSeconds() ?? availableStart) - availableStart;
  const video = facts.video;
  const firstFrame = Math.floor((sourceStart * video.rate.num) / video.rate.den + 1e-6);
  if (sourceStart < -1e-9 || (video.frameCount !== null && firstFrame >= video.frameCount))
    return offline(clip, 'outside-media', path);
  return {
    kind: 'media',
    clipName: clip.name,
    path,
    fileIdentity: facts.identity,
    video,
    sourceStart: Math.max(0, sourceStart),
    timeScalar: clipTimeScalar(clip),
    cdl: cdlFromMetadata(clip.metadata)?.cdl ?? null,
    interpolate: ctx.interpolate,
    ...(options.inputOptions.length === 0 ? {} : { inputOptions: options.inputOptions }),
  };
}

/**
 * An image sequence (plates as EXR/DPX/TIFF/PNG frames) read through ffmpeg's image2 demuxer:
 * image 0 is `start_frame`, at the sequence's own `rate`. A `frame_step` other than 1 cannot
 * be read by image2 and shows as offline (unsupported).
 */
function sequenceSource(clip: Clip, ref: ImageSequenceReference, ctx: ClipContext): PictureSource {
  const pattern = sequencePattern({
    reference: ref,
    timelineDir: ctx.timelineDir,
    pathMap: ctx.pathMap ?? [],
  });
  if (pattern === null) return offline(clip, 'unreadable', ref.targetUrlBase);
  if (ref.frameStep !== 1)
    return offline(
      clip,
      'unsupported',
      `image sequence ${pattern} with frame_step ${ref.frameStep}`,
    );
  const rate = frameRateOf(ref.rate > 0 ? ref.rate : 24);
  return fromFacts({
    clip,
    ctx,
    path: pattern,
    reference: ref,
    inputOptions: [
      '-f',
      'image2',
      '-framerate',
      `${rate.num}/${rate.den}`,
      '-start_number',
      String(ref.startFrame),
    ],
  });
}
