/**
 * What a clip is to libero, decided in one place (pure): `inspect`, `generate`, the service,
 * the panel and the status API all ask this function.
 *
 * | class          | when                                                                  |
 * | -------------- | --------------------------------------------------------------------- |
 * | `placeholder`  | libero fills it: a MissingReference, no media reference at all,        |
 * |                | a slug generator (libero.placeholder, a solid colour: Kdenlive/Resolve,|
 * |                | an FCP XML / Premiere `Slug`),                                          |
 * |                | a clip libero conformed before (`metadata.libero.shot_id`), a `regen`  |
 * |                | marker, or offline media the editor marked with a prompt (marker or    |
 * |                | `metadata.libero`; a `:` in a clip name alone never counts)            |
 * | `offline`      | an ExternalReference or image sequence whose file(s) are missing here  |
 * |                | (after `paths.map`): listed with the path, never generated             |
 * | `title-effect` | a generator that is not a slug (bars, a title), or a media-less title  |
 * |                | (Resolve Text+): left alone                                            |
 * | `ready`        | its media is on this machine                                           |
 *
 * The first row that applies wins, in this order: conformed before, regen marker, then by
 * media.
 */
import {
  ExternalReference,
  GeneratorReference,
  ImageSequenceReference,
} from '../timeline/index.js';
import type { AnyDictionary, Clip, Effect } from '../timeline/index.js';
import type { ClipDirectives } from './clip-directives.js';
import { localMediaPath } from './path-map.js';
import type { PathMapping } from './path-map.js';
import { sequenceFramesOf } from './sequence-frames.js';

/** The generator kind of a placeholder clip made in libero's own tools. */
export const PLACEHOLDER_GENERATOR_KIND = 'libero.placeholder';

/** Which placeholder rule fired. */
export type PlaceholderRule =
  | 'missing-reference'
  | 'no-media'
  | 'slug-generator'
  | 'libero-shot'
  | 'regen-marker'
  | 'marker-prompt'
  | 'metadata-prompt';

/** A clip's class and why. */
export type ClipClass =
  | { readonly class: 'placeholder'; readonly rule: PlaceholderRule; readonly reason: string }
  | {
      readonly class: 'offline';
      /** The path as the editor's NLE wrote it. */
      readonly editorPath: string;
      /** Where it was looked for on this machine (null: not a file URL). */
      readonly localPath: string | null;
      readonly reason: string;
    }
  | { readonly class: 'title-effect'; readonly reason: string }
  | { readonly class: 'ready'; readonly localPath: string; readonly reason: string };

/** The class names, for counting. */
export type ClipClassName = ClipClass['class'];

/** Options for {@link classifyClip}. */
export interface ClassifyClipOptions {
  readonly clip: Clip;
  /** The clip's directives (readClipDirectives), read once by the caller. */
  readonly directives: ClipDirectives;
  readonly pathMap: readonly PathMapping[];
  /** The timeline's folder (relative media paths resolve against it). */
  readonly timelineDir: string;
  /** Whether a file exists on this machine. */
  readonly fileExists: (path: string) => boolean;
}

/** Generator kinds editors lay down as slugs for shots to come (lower case, `:` prefix dropped). */
const SLUG_KINDS = new Set([
  PLACEHOLDER_GENERATOR_KIND,
  'solidcolor',
  'solid_color',
  'solid color',
  'solid',
  // FCP 7 XML's (and Premiere's) black slug, through OpenTimelineIO's fcp_xml adapter.
  'slug',
  'color',
  'colour',
]);

/** `kdenlive:SolidColor` -> `solidcolor`; `libero.placeholder` stays. */
function slugKindOf(kind: string): string {
  const lower = kind.trim().toLowerCase();
  if (lower === PLACEHOLDER_GENERATOR_KIND) return lower;
  const colon = lower.lastIndexOf(':');
  return colon >= 0 ? lower.slice(colon + 1) : lower;
}

function asDict(value: unknown): AnyDictionary | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as AnyDictionary)
    : null;
}

/** Resolve writes a title (Text, Text+, Fusion Title) as a clip without media and an effect. */
function titleEffectName(effects: readonly Effect[]): string | null {
  for (const effect of effects) {
    const resolve = asDict(effect.metadata['Resolve_OTIO']);
    const name = String(resolve?.['Effect Name'] ?? effect.effectName ?? '');
    if (/\b(text\+?|title|subtitle|caption)\b/i.test(name)) return name;
  }
  return null;
}

function conformedBefore(clip: Clip): boolean {
  const libero = asDict(clip.metadata['libero']);
  return libero !== null && typeof libero['shot_id'] === 'string';
}

/** Classifies one clip. */
export function classifyClip(options: ClassifyClipOptions): ClipClass {
  const { clip, directives } = options;
  if (conformedBefore(clip))
    return { class: 'placeholder', rule: 'libero-shot', reason: 'a shot libero conformed before' };
  if (directives.regen > 0)
    return { class: 'placeholder', rule: 'regen-marker', reason: 'a regen marker asks for a take' };
  const media = clip.mediaReference;
  if (media === null) {
    const title = titleEffectName(clip.effects);
    if (title !== null)
      return { class: 'title-effect', reason: `a title without media (${title})` };
    return { class: 'placeholder', rule: 'no-media', reason: 'no media' };
  }
  if (media.isMissingReference())
    return { class: 'placeholder', rule: 'missing-reference', reason: 'a MissingReference' };
  if (media instanceof GeneratorReference) {
    if (SLUG_KINDS.has(slugKindOf(media.generatorKind)))
      return {
        class: 'placeholder',
        rule: 'slug-generator',
        reason: `a ${media.generatorKind} slug`,
      };
    return { class: 'title-effect', reason: `a ${media.generatorKind} generator` };
  }
  const located = locate(options, media);
  if (located === null) return { class: 'ready', localPath: '', reason: 'media of its own kind' };
  if (located.missing === null)
    return { class: 'ready', localPath: located.localPath ?? '', reason: 'media on disk' };
  // Offline. Only an explicit prompt (marker or metadata) makes it a shot: a `:` in a name
  // that came with the footage is not the editor asking for a picture.
  if (directives.fromMarkers.prompt !== undefined)
    return {
      class: 'placeholder',
      rule: 'marker-prompt',
      reason: 'offline media with a prompt marker',
    };
  if (directives.fromMetadata.prompt !== undefined)
    return {
      class: 'placeholder',
      rule: 'metadata-prompt',
      reason: 'offline media with metadata.libero.prompt',
    };
  return {
    class: 'offline',
    editorPath: located.editorPath,
    localPath: located.localPath,
    reason: located.missing,
  };
}

/** Where the media is, and what is missing (null: nothing). Null for unknown reference kinds. */
function locate(
  options: ClassifyClipOptions,
  media: NonNullable<Clip['mediaReference']>,
): { editorPath: string; localPath: string | null; missing: string | null } | null {
  if (media instanceof ExternalReference) {
    const localPath = localMediaPath({
      url: media.targetUrl,
      map: options.pathMap,
      timelineDir: options.timelineDir,
    });
    if (localPath === null)
      return {
        editorPath: media.targetUrl,
        localPath: null,
        missing:
          media.targetUrl.trim() === ''
            ? 'an ExternalReference with an empty target_url (the NLE lost the path)'
            : `not a file on this machine: ${media.targetUrl}`,
      };
    return {
      editorPath: media.targetUrl,
      localPath,
      missing: options.fileExists(localPath) ? null : `missing file ${localPath}`,
    };
  }
  if (media instanceof ImageSequenceReference) {
    const base = localMediaPath({
      url: media.targetUrlBase,
      map: options.pathMap,
      timelineDir: options.timelineDir,
    });
    const editorPath = `${media.targetUrlBase}${media.namePrefix}#${media.nameSuffix}`;
    if (base === null)
      return { editorPath, localPath: null, missing: `not a file on this machine: ${editorPath}` };
    const frames = sequenceFramesOf({ reference: media, localBase: base, clip: options.clip });
    const missing = frames.files.filter((f) => !options.fileExists(f.path));
    const localPath = frames.pattern;
    if (missing.length === 0) return { editorPath, localPath, missing: null };
    const shown = missing.slice(0, 3).map((f) => String(f.frame));
    return {
      editorPath,
      localPath,
      missing:
        missing.length === frames.files.length
          ? `missing image sequence ${localPath} (frames ${frames.files[0]?.frame ?? '?'}-${frames.files.at(-1)?.frame ?? '?'})`
          : `image sequence ${localPath} lacks ${missing.length} frame(s): ${shown.join(', ')}${missing.length > 3 ? ', ...' : ''}`,
    };
  }
  return null;
}
