/**
 * What one shot asks for, fully resolved: the product of project defaults, the clip's name,
 * `metadata.libero` and markers (see resolve-shot-spec.ts). Plain data; the generation plan is
 * a pure function of it.
 */

/** A LoRA applied to the still stage. */
export interface ShotLora {
  readonly name: string;
  readonly strengthModel: number;
  readonly strengthClip: number;
}

/** Template names chosen per stage; null means the backend's default. */
export interface ShotTemplates {
  readonly still: string | null;
  readonly video: string | null;
  readonly upscale: string | null;
}

/** One shot's complete request. */
export interface ShotSpec {
  /** Stable identity (metadata.libero.shot_id, else the clip's name, made unique). */
  readonly shotId: string;
  /** The clip's name in the editor's timeline. */
  readonly clipName: string;
  /** Scene number or label when known ("6"), for the draft card and logs. */
  readonly scene: string | null;
  /** The full prompt of the still, style prefix and trigger words included. */
  readonly prompt: string;
  /** Negative prompt for the still (FLUX uses none: empty). */
  readonly negativePrompt: string;
  /** Camera and character movement, added to the prompt for the video stage. */
  readonly motion: string;
  /** Negative prompt for the video stage. */
  readonly videoNegativePrompt: string;
  readonly seed: number;
  /** The named seed group the seed came from, or null. */
  readonly seedGroup: string | null;
  readonly lora: ShotLora | null;
  /** Frames the shot needs, at the timeline's rate (`durationRate`). */
  readonly durationFrames: number;
  readonly durationRate: number;
  /** Frame rate of the generated video. */
  readonly fps: number;
  readonly width: number;
  readonly height: number;
  readonly upscaleFactor: number;
  readonly templates: ShotTemplates;
  /**
   * How many regenerate requests the clip carries (regen markers). Each one is a new take:
   * the value varies the seed and the keys; the old takes stay.
   */
  readonly regen: number;
}

/** Seconds of picture the shot needs. */
export function shotSeconds(spec: Pick<ShotSpec, 'durationFrames' | 'durationRate'>): number {
  return spec.durationFrames / spec.durationRate;
}
