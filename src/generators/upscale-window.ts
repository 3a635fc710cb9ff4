/**
 * The frames of a generated clip an upscale works on, read the same way by every backend: the
 * range the cut uses (`trimStart`, `trimFrames` in the upscale step's params) plus `handles`
 * frames each side, clamped to the clip's start. The upscaled clip starts at the window's
 * first frame; the plan always uses `trimStart` 0, so a take's first frame stays the clip's.
 *
 * ```
 * clip       |0 ........................................................ total|
 * used       |trimStart=0 ................ trimFrames|
 * upscaled   |..........................................|<handles>|   (rest never upscaled)
 * ```
 */
import type { StepParams } from './plan-step.js';

/** Frames kept each side of the used range unless libero.json `comfyui.handles` says otherwise. */
export const DEFAULT_UPSCALE_HANDLES = 12;

/** The used range of the input clip, or null when the params name none (all of it). */
export function usedRange(params: StepParams): { start: number; count: number } | null {
  const start = params['trimStart'];
  const count = params['trimFrames'];
  return typeof start === 'number' && typeof count === 'number' ? { start, count } : null;
}

/** The handles a request asks for (`handles` param), else `fallback`. */
export function upscaleHandles(params: StepParams, fallback: number): number {
  const handles = params['handles'];
  return typeof handles === 'number' ? handles : fallback;
}

/**
 * The window `[start, end)` of input frames to upscale (end not clamped to the clip: callers
 * that know the clip's length clamp it), or null for the whole clip.
 */
export function upscaleWindow(
  params: StepParams,
  fallbackHandles: number,
): { start: number; end: number } | null {
  const used = usedRange(params);
  if (used === null) return null;
  const handles = upscaleHandles(params, fallbackHandles);
  return { start: Math.max(0, used.start - handles), end: used.start + used.count + handles };
}

/**
 * The ffmpeg filter prefix that keeps an upscale window's frames (`trim=...,setpts=...,`), or ''
 * for the whole clip; ready to put in front of the rest of a filter chain.
 */
export function upscaleWindowTrim(window: { start: number; end: number } | null): string {
  return window === null
    ? ''
    : `trim=start_frame=${window.start}:end_frame=${window.end},setpts=PTS-STARTPTS,`;
}
