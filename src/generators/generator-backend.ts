/**
 * The port every generator backend implements: the draft backend (ffmpeg, no GPU) and the
 * ComfyUI pool. The scheduler and the pipeline know backends only through this interface.
 */

/** The stages of a shot's chain, in order. */
export type StageKind = 'still' | 'video' | 'upscale';

/** One stage of one shot, fully resolved: everything that makes its output is in here. */
export interface StageRequest {
  /** Stable shot identity (see src/shots). */
  readonly shotId: string;
  readonly stage: StageKind;
  /** Content key: hash of template version, parameters and input hashes. Names the output. */
  readonly key: string;
  /** Template name for this stage (`still-flux-lora`, `video-cogvideox15-i2v`, `draft-still`, ...). */
  readonly template: string;
  /** Parameters bound into the template: prompt, seed, width, height, fps, frames, lora, ... */
  readonly params: Readonly<Record<string, string | number | boolean | null>>;
  /** Input files from the previous stage (`image` for video, `video` for upscale). */
  readonly inputs: Readonly<Partial<Record<'image' | 'video', string>>>;
  /** Folder the backend writes its output into (created by the caller). */
  readonly outputDir: string;
}

/** Progress of one running stage. */
export interface StageProgress {
  readonly shotId: string;
  readonly stage: StageKind;
  /** 0..1 */
  readonly fraction: number;
  readonly message: string | null;
}

/** What a finished stage produced. */
export interface StageResult {
  /** The main output file (an image for `still`, a video otherwise), inside `outputDir`. */
  readonly file: string;
  /** Which host/backend ran it (`draft`, `http://gpu1:8188`). */
  readonly host: string;
  /** Free-form facts for the provenance sidecar (model names, node ids, prompt id, ...). */
  readonly provenance: Readonly<Record<string, unknown>>;
  readonly startedAt: string;
  readonly finishedAt: string;
}

/** Options for {@link GeneratorBackend.run}. */
export interface RunStageOptions {
  readonly signal: AbortSignal | null;
  readonly onProgress: ((progress: StageProgress) => void) | null;
}

/** A backend that can run stages. */
export interface GeneratorBackend {
  /** `draft` or `comfyui`. */
  readonly name: string;
  /** Runs one stage; rejects with a LiberoError (stable code) on failure. */
  run(request: StageRequest, options: RunStageOptions): Promise<StageResult>;
}
