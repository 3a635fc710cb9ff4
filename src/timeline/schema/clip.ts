/** Clip.2 (the reference's `clip.cpp`): an item that shows media, with several takes. */
import type { TimeRange } from '../time/time-range.js';
import type { Box2d } from './box2d.js';
import { cannotCompute } from './cannot-compute.js';
import type { ItemOptions } from './item.js';
import { Item } from './item.js';
import type { MediaReference } from './media-reference.js';
import { MissingReference } from './media-reference.js';

/** The key the reference uses for a clip's one media reference. */
export const DEFAULT_MEDIA_KEY = 'DEFAULT_MEDIA';

/** Options of {@link Clip}. */
export interface ClipOptions extends ItemOptions {
  /** Shortcut: becomes `mediaReferences[activeMediaReferenceKey]`. */
  mediaReference?: MediaReference | null;
  mediaReferences?: Record<string, MediaReference>;
  activeMediaReferenceKey?: string;
}

/** A clip. `mediaReferences` maps keys to takes; `activeMediaReferenceKey` picks the one shown. */
export class Clip extends Item {
  readonly schemaName = 'Clip';
  readonly schemaVersion = 2;
  mediaReferences: Record<string, MediaReference>;
  activeMediaReferenceKey: string;

  constructor(options: ClipOptions = {}) {
    super(options);
    this.activeMediaReferenceKey = options.activeMediaReferenceKey ?? DEFAULT_MEDIA_KEY;
    this.mediaReferences = options.mediaReferences ?? {};
    if (options.mediaReferences === undefined || options.mediaReference !== undefined)
      this.mediaReferences[this.activeMediaReferenceKey] =
        options.mediaReference ?? new MissingReference();
  }

  /** The active media reference (null when the key names none). */
  get mediaReference(): MediaReference | null {
    return Object.hasOwn(this.mediaReferences, this.activeMediaReferenceKey)
      ? (this.mediaReferences[this.activeMediaReferenceKey] ?? null)
      : null;
  }

  /** Sets the active media reference (a MissingReference for null). */
  set mediaReference(reference: MediaReference | null) {
    this.mediaReferences[this.activeMediaReferenceKey] = reference ?? new MissingReference();
  }

  /**
   * Replaces all references and the active key. Throws TIMELINE_CANNOT_COMPUTE when a key is
   * empty or the active key is not among them (the reference's two checks).
   */
  setMediaReferences(references: Record<string, MediaReference>, activeKey: string): void {
    checkKey(this, references, activeKey);
    this.mediaReferences = { ...references };
    this.activeMediaReferenceKey = activeKey;
  }

  /** Switches the active take; the key must exist. */
  setActiveMediaReferenceKey(activeKey: string): void {
    checkKey(this, this.mediaReferences, activeKey);
    this.activeMediaReferenceKey = activeKey;
  }

  /** The active media reference's available range; raises without one. */
  override availableRange(): TimeRange {
    const media = this.mediaReference;
    if (media === null)
      throw cannotCompute('CANNOT_COMPUTE_AVAILABLE_RANGE', 'no media reference set on clip', this);
    if (media.availableRange === null)
      throw cannotCompute(
        'CANNOT_COMPUTE_AVAILABLE_RANGE',
        'no available_range set on media reference on clip',
        this,
      );
    return media.availableRange;
  }

  /** The active media reference's image bounds; raises without them. */
  availableImageBounds(): Box2d {
    const bounds = this.mediaReference?.availableImageBounds ?? null;
    if (bounds === null)
      throw cannotCompute('CANNOT_COMPUTE_BOUNDS', 'no image bounds set on media reference', this);
    return bounds;
  }
}

function checkKey(clip: Clip, references: Record<string, MediaReference>, key: string): void {
  if (Object.hasOwn(references, ''))
    throw cannotCompute(
      'MEDIA_REFERENCES_CONTAIN_EMPTY_KEY',
      'the media references contain an empty string key',
      clip,
    );
  if (!Object.hasOwn(references, key))
    throw cannotCompute(
      'MEDIA_REFERENCES_DO_NOT_CONTAIN_ACTIVE_KEY',
      `the media references do not contain the active key "${key}"`,
      clip,
    );
}
