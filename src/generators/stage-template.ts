/** Which template (and which version of it) runs a stage. Part of every stage key. */
import type { StageKind } from './generator-backend.js';

/** A template as the plan sees it: a name and a version that changes when its output would. */
export interface StageTemplate {
  readonly name: string;
  readonly version: string;
  /** Tokens the model's text encoder takes for the prompt (CogVideoX: 226); absent/null: no limit. */
  readonly promptTokenLimit?: number | null;
  /** The rate a video model makes motion at (CogVideoX 1.5: 16); absent/null: the project's. */
  readonly nativeFps?: number | null;
  /** Sizes the model was trained at (see `trainedSizeFor`); absent/null: any size. */
  readonly trainedSize?: {
    readonly shortEdge: number;
    readonly longEdgeMax: number;
    readonly multiple: number;
  } | null;
}

/**
 * Resolves a stage's template: the shot's requested name (from libero.json or the clip) or
 * null for the backend's default. Supplied by the backend side (draft: fixed versions;
 * ComfyUI: the hash of the workflow file and manifest).
 */
export type TemplateResolver = (stage: StageKind, requested: string | null) => StageTemplate;
