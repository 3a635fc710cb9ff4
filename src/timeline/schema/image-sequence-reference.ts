/** ImageSequenceReference.1 (the reference's `imageSequenceReference.h`). */
import type { MediaReferenceOptions } from './media-reference.js';
import { MediaReference } from './media-reference.js';

/** What a player does for a missing frame. */
export type MissingFramePolicy = 'error' | 'hold' | 'black';

/** Options of {@link ImageSequenceReference}. */
export interface ImageSequenceReferenceOptions extends MediaReferenceOptions {
  targetUrlBase?: string;
  namePrefix?: string;
  nameSuffix?: string;
  startFrame?: number;
  frameStep?: number;
  rate?: number;
  frameZeroPadding?: number;
  missingFramePolicy?: MissingFramePolicy;
}

/** Numbered image files: `targetUrlBase + namePrefix + zero-padded frame + nameSuffix`. */
export class ImageSequenceReference extends MediaReference {
  override readonly schemaName: string = 'ImageSequenceReference';
  targetUrlBase: string;
  namePrefix: string;
  nameSuffix: string;
  startFrame: number;
  frameStep: number;
  rate: number;
  frameZeroPadding: number;
  missingFramePolicy: MissingFramePolicy;

  constructor(options: ImageSequenceReferenceOptions = {}) {
    super(options);
    this.targetUrlBase = options.targetUrlBase ?? '';
    this.namePrefix = options.namePrefix ?? '';
    this.nameSuffix = options.nameSuffix ?? '';
    this.startFrame = options.startFrame ?? 1;
    this.frameStep = options.frameStep ?? 1;
    this.rate = options.rate ?? 1;
    this.frameZeroPadding = options.frameZeroPadding ?? 0;
    this.missingFramePolicy = options.missingFramePolicy ?? 'error';
  }

  /** The URL of the image for a frame number (no checks). */
  targetUrlForFrame(frame: number): string {
    const digits = String(Math.abs(frame)).padStart(this.frameZeroPadding, '0');
    return `${this.targetUrlBase}${this.namePrefix}${frame < 0 ? '-' : ''}${digits}${this.nameSuffix}`;
  }
}
