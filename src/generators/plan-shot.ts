/**
 * The plan of one shot, a pure function of its ShotSpec: still -> video -> upscale, each step
 * keyed by the hash of its template (name and version), its parameters and its inputs' keys.
 * A shot longer than one video clip may be is planned as several clips chained on the last
 * frame, then joined:
 *
 * ```
 *  still ─> video#0 ─> last-frame ─> video#1 ─> last-frame ─> video#2
 *             │                        │                        │
 *             └──────────────> join <──┴────────────────────────┘ ─> upscale
 * ```
 * Each chained segment starts on the previous segment's last frame, so it makes one frame more
 * than it contributes and the join drops that first frame.
 */
import { shotSeconds } from '../shots/shot-spec.js';
import type { ShotSpec } from '../shots/shot-spec.js';
import { contentKey } from '../shared/index.js';
import type { PlanStep, PlanStepKind, ShotPlan, StepParams } from './plan-step.js';
import { fitVideoPrompt } from './fit-video-prompt.js';
import type { StageTemplate, TemplateResolver } from './stage-template.js';

/** Versions of the runner's own ffmpeg steps (bump when their output changes). */
export const LOCAL_STEP_TEMPLATES = {
  'last-frame': { name: 'local-last-frame', version: '1' },
  join: { name: 'local-join', version: '1' },
} as const;

/** Options for {@link planShot}. */
export interface PlanShotOptions {
  readonly spec: ShotSpec;
  readonly templates: TemplateResolver;
  /** Longest clip one video stage may make, in seconds (CogVideoX 1.5: 10). */
  readonly maxVideoSeconds: number;
  /**
   * Frames upscaled each side of the range the cut uses (libero.json `comfyui.handles`, 12).
   * A backend's video may be longer than asked (CogVideoX makes 16N+1 frames): frames beyond
   * the range plus these handles are never upscaled.
   */
  readonly upscaleHandles: number;
}

interface StepDraft {
  readonly shotId: string;
  readonly kind: PlanStepKind;
  readonly template: string;
  readonly templateVersion: string;
  readonly params: StepParams;
  readonly inputs: Partial<Record<'image' | 'video', string>>;
  readonly joinInputs: readonly string[];
  readonly ext: 'png' | 'mp4';
}

function keyed(draft: StepDraft): PlanStep {
  // The shot id is not part of the key: two shots asking for the same thing share the file.
  const { shotId: _shotId, ...content } = draft;
  return { ...draft, key: contentKey(content) };
}

/** Frames needed at `fps` to cover the shot (never fewer than one). */
export function framesForShot(
  spec: Pick<ShotSpec, 'durationFrames' | 'durationRate' | 'fps'>,
): number {
  return Math.max(1, Math.ceil(shotSeconds(spec) * spec.fps - 1e-9));
}

/** Frames each chained video segment makes, first segment first. */
export function segmentFrames(options: { total: number; maxFrames: number }): number[] {
  const { total, maxFrames } = options;
  if (maxFrames < 2) throw new RangeError(`maxFrames must be at least 2, got ${maxFrames}`);
  const first = Math.min(total, maxFrames);
  const out = [first];
  let left = total - first;
  while (left > 0) {
    // A chained segment repeats the previous last frame as its first.
    const contributes = Math.min(left, maxFrames - 1);
    out.push(contributes + 1);
    left -= contributes;
  }
  return out;
}

/**
 * The trained size nearest the shot's aspect: the short edge at the trained one, the long edge
 * at the aspect's (rounded to the multiple) but no longer than the trained maximum (wider
 * frames are center-cropped by the template). 3072x1728 or 768x432 -> 1360x768 for CogVideoX
 * 1.5; without a trained size, the shot's own.
 */
export function trainedSizeFor(options: {
  readonly width: number;
  readonly height: number;
  readonly trained: StageTemplate['trainedSize'];
}): { width: number; height: number } {
  const { width, height, trained } = options;
  if (trained === undefined || trained === null) return { width, height };
  const aspect = Math.max(width, height) / Math.min(width, height);
  const long = Math.min(
    trained.longEdgeMax,
    Math.max(
      trained.shortEdge,
      Math.round((trained.shortEdge * aspect) / trained.multiple) * trained.multiple,
    ),
  );
  return width >= height
    ? { width: long, height: trained.shortEdge }
    : { width: trained.shortEdge, height: long };
}

/** Plans one shot. */
export function planShot(options: PlanShotOptions): ShotPlan {
  const { spec, templates } = options;
  const frames = framesForShot(spec);
  const steps: PlanStep[] = [];
  const base = { shotId: spec.shotId, joinInputs: [] as readonly string[] };

  const stillTemplate = templates('still', spec.templates.still);
  const still = keyed({
    ...base,
    kind: 'still',
    template: stillTemplate.name,
    templateVersion: stillTemplate.version,
    params: {
      prompt: spec.prompt,
      negativePrompt: spec.negativePrompt,
      seed: spec.seed + spec.regen,
      seedGroup: spec.seedGroup,
      width: spec.width,
      height: spec.height,
      loraName: spec.lora?.name ?? null,
      loraStrengthModel: spec.lora?.strengthModel ?? null,
      loraStrengthClip: spec.lora?.strengthClip ?? null,
      label: spec.shotId,
      scene: spec.scene,
    },
    inputs: {},
    ext: 'png',
  });
  steps.push(still);

  const videoTemplate = templates('video', spec.templates.video);
  // A video model with a native rate (CogVideoX 1.5: 16 fps) generates at it and the upscale
  // conforms to the project's rate; its clip covers the shot and the handles after it (a shot
  // that fits one clip is not split for its handles). Otherwise: the project's rate, the shot.
  const genFps = videoTemplate.nativeFps ?? spec.fps;
  const maxFrames = Math.max(2, Math.floor(options.maxVideoSeconds * genFps));
  const seconds = frames / spec.fps;
  const needed = Math.max(1, Math.ceil(seconds * genFps - 1e-9));
  const handleSeconds = videoTemplate.nativeFps == null ? 0 : options.upscaleHandles / spec.fps;
  const withHandles = Math.max(1, Math.ceil((seconds + handleSeconds) * genFps - 1e-9));
  const genFrames = needed > maxFrames ? withHandles : Math.min(withHandles, maxFrames);
  const warnings: string[] = [];
  const fitted = fitVideoPrompt({
    description: spec.prompt,
    motion: spec.motion,
    tokenLimit: videoTemplate.promptTokenLimit ?? null,
  });
  const videoPrompt = fitted.prompt;
  if (fitted.dropped !== '') {
    warnings.push(
      `shot ${spec.shotId}: the video prompt is about ${fitted.estimated} tokens, over the ${videoTemplate.promptTokenLimit} that template "${videoTemplate.name}" takes; shortened (motion first) by leaving out "${fitted.dropped}".`,
    );
  }
  const videoSize = trainedSizeFor({
    width: spec.width,
    height: spec.height,
    trained: videoTemplate.trainedSize,
  });
  const segments = segmentFrames({ total: genFrames, maxFrames });
  const videoKeys: string[] = [];
  let image = still.key;
  segments.forEach((segmentLength, index) => {
    if (index > 0) {
      const previous = videoKeys[index - 1] as string;
      const lastFrame = keyed({
        ...base,
        kind: 'last-frame',
        template: LOCAL_STEP_TEMPLATES['last-frame'].name,
        templateVersion: LOCAL_STEP_TEMPLATES['last-frame'].version,
        params: {},
        inputs: { video: previous },
        ext: 'png',
      });
      steps.push(lastFrame);
      image = lastFrame.key;
    }
    const video = keyed({
      ...base,
      kind: 'video',
      template: videoTemplate.name,
      templateVersion: videoTemplate.version,
      params: {
        prompt: videoPrompt,
        motion: spec.motion,
        negativePrompt: spec.videoNegativePrompt,
        seed: spec.seed + spec.regen,
        fps: genFps,
        frames: segmentLength,
        ...videoSize,
        segment: index,
      },
      inputs: { image },
      ext: 'mp4',
    });
    steps.push(video);
    videoKeys.push(video.key);
  });

  let upscaleInput = videoKeys[0] as string;
  if (videoKeys.length > 1) {
    const join = keyed({
      ...base,
      kind: 'join',
      template: LOCAL_STEP_TEMPLATES.join.name,
      templateVersion: LOCAL_STEP_TEMPLATES.join.version,
      params: { fps: genFps, frames: genFrames, dropFirstFrameOfChained: true },
      inputs: {},
      joinInputs: videoKeys,
      ext: 'mp4',
    });
    steps.push(join);
    upscaleInput = join.key;
  }

  const upscaleTemplate = templates('upscale', spec.templates.upscale);
  const upscale = keyed({
    ...base,
    kind: 'upscale',
    template: upscaleTemplate.name,
    templateVersion: upscaleTemplate.version,
    params: {
      factor: spec.upscaleFactor,
      width: spec.width * spec.upscaleFactor,
      height: spec.height * spec.upscaleFactor,
      // The take's rate: the upscale reads the clip at it (a 16 fps clip conformed to 12).
      fps: spec.fps,
      sourceFps: genFps,
      // The frames of the input clip the cut uses: the plan's clip starts at the clip's
      // in-point, so from 0, `frames` long (see upscale-window.ts). Both are already implied
      // by the input's key (the video's `frames`), so they add no invalidation of their own;
      // `handles` does: a project changing its handles upscales again.
      trimStart: 0,
      trimFrames: frames,
      handles: options.upscaleHandles,
    },
    inputs: { video: upscaleInput },
    ext: 'mp4',
  });
  steps.push(upscale);

  const lookKey = contentKey({
    still: still.key,
    video: {
      template: videoTemplate,
      prompt: videoPrompt,
      motion: spec.motion,
      seed: spec.seed + spec.regen,
    },
    negative: spec.videoNegativePrompt,
    upscale: { template: upscaleTemplate, factor: spec.upscaleFactor },
    fps: spec.fps,
  });
  return {
    shotId: spec.shotId,
    steps,
    finalKey: upscale.key,
    lookKey,
    frames,
    fps: spec.fps,
    warnings,
  };
}
