/**
 * The project file, `libero.json` beside the timeline. Every field is optional; a missing
 * file or an empty object gives the defaults below, which reproduce the reference production
 * (../shared/PIPELINE.md): 768x432 stills, 12 fps video, x4 upscale, its five seed groups.
 */
import { z } from 'zod';
import { studioConfigSchema } from './studio-settings.js';

/** The fixed negative prompt the production used for the video stage. */
export const DEFAULT_VIDEO_NEGATIVE_PROMPT =
  'The video is not of a high quality, it has a low resolution. Watermark present in each frame. Strange motion trajectory. Writing or watermark.';

const loraSchema = z.strictObject({
  /** LoRA file name as the generator host knows it (`p4rtigiano.safetensors`). */
  name: z.string().min(1),
  strengthModel: z.number().min(-10).max(10).default(1),
  strengthClip: z.number().min(-10).max(10).default(1),
});

const seedSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

const templatesSchema = z.strictObject({
  still: z.string().min(1).optional(),
  video: z.string().min(1).optional(),
  upscale: z.string().min(1).optional(),
});

const renderSchema = z.strictObject({
  width: z.number().int().positive().default(1920),
  height: z.number().int().positive().default(1080),
  crf: z.number().int().min(0).max(51).default(18),
  preset: z.string().min(1).default('medium'),
  lut: z.string().min(1).nullable().default(null),
});

const backendsSchema = z.strictObject({
  /** Longest clip, in seconds, one video stage may make (CogVideoX 1.5: 10 s). */
  maxVideoSeconds: z.number().positive().default(10),
});

const comfyTimeoutsSchema = z.strictObject({
  /**
   * Longest a stage may take on a host, queue wait included, in seconds; past it the stage is
   * cancelled (only our prompt) and moved to another host. An upscale's batches count together.
   */
  still: z.number().positive().default(1800), // 30 min
  video: z.number().positive().default(7200), // 2 h
  upscale: z.number().positive().default(10800), // 3 h
  /** No progress message from a running prompt for this long: the host is hung, its work moves. */
  stall: z.number().positive().default(600), // 10 min
});

const comfyuiSchema = z.strictObject({
  /**
   * ComfyUI hosts (`http://gpu1:8188`); empty means the draft backend. `--comfyui` and
   * `LIBERO_COMFYUI_URL` take precedence over this list.
   */
  hosts: z.array(z.url()).default([]),
  /** Frames upscaled each side of the range of a generated clip the cut uses. */
  handles: z.number().int().min(0).max(1000).default(12),
  timeouts: comfyTimeoutsSchema.default(() => comfyTimeoutsSchema.parse({})),
  /**
   * Pins of model files, by the stem a template names (`"1xDeJPG_OmniSR":
   * "upscale/1xDeJPG_OmniSR.safetensors"`): used on every host instead of the file found by
   * stem (settles an ambiguity; a host without the pinned file lacks the model).
   */
  models: z.record(z.string().min(1), z.string().min(1)).default({}),
});

const conformSchema = z.strictObject({
  /**
   * OpenTimelineIO release the conformed timeline is written for ("0.17.0" for an NLE that reads
   * only older schemas); null: the timeline module's DEFAULT_NLE_TARGET_VERSION. The label is
   * checked against the releases libero can write when the project is loaded (src/pipeline).
   */
  otioVersion: z.string().min(1).nullable().default(null),
  /**
   * Timecode of the hand-back's first frame (`01:00:00:00`, at the timeline's rate): written as
   * its `global_start_time`; null: the editor's `global_start_time` (or none) is kept.
   */
  startTimecode: z
    .string()
    .regex(/^\d{2}:\d{2}:\d{2}[:;]\d{2}$/, 'a timecode HH:MM:SS:FF')
    .nullable()
    .default(null),
});

const pathMappingSchema = z.strictObject({
  /** The folder as the editor's NLE writes it (`C:\\Media`, `\\\\nas\\show`, `/Volumes/NAS`). */
  from: z.string().min(1),
  /** The same folder on this machine (an absolute path). */
  to: z.string().min(1),
});

const pathsSchema = z.strictObject({
  /**
   * The editor's media roots and where they are here: applied when reading media, reversed in
   * the hand-back (src/shots/path-map.ts). The longest matching `from` wins.
   */
  map: z.array(pathMappingSchema).default([]),
});

const audioSchema = z.strictObject({
  /**
   * Integrated loudness target of the mix in LUFS (true peak -1 dBTP): -14 for streaming, -23
   * for broadcast (EBU R128). `--loudness` overrides it.
   */
  loudness: z.number().min(-70).max(-5).default(-14),
  /**
   * ElevenLabs voice id of voice-over lines that name none (over ELEVENLABS_VOICE_ID); null: that
   * variable, else the premade voice DEFAULT_ELEVENLABS_VOICE_ID (src/audio).
   */
  voice: z.string().min(1).nullable().default(null),
});

const qcSchema = z.strictObject({
  /** Check every take for flicker, jumps, frozen and black frames (src/conform/qc). */
  enabled: z.boolean().default(true),
  /** Regenerate once, with the next seed, a take whose fault lies inside the used range. */
  autoRetry: z.boolean().default(false),
});

const lookSchema = z.strictObject({
  /** Match every shot's colour to its reference (writes `metadata.libero.cdl_auto`). */
  match: z.boolean().default(true),
  /** One reference per scene, or one for the whole project. */
  scope: z.enum(['scene', 'project']).default('scene'),
  /** `median` (of the scene's shots), a shot id, or a still image's path (relative to the project). */
  reference: z.string().min(1).default('median'),
  /** A shot already within this many CIEDE2000 of its reference is left alone. */
  deadBand: z.number().min(0).max(20).default(1.5),
});

/** The zod schema of `libero.json`. */
export const projectConfigSchema = z.strictObject({
  /** Written by `libero init`; lets later versions upgrade the file. */
  version: z.literal(1).default(1),
  /** Put in front of every prompt that does not already start with it ("Italy, 1944,"). */
  stylePrefix: z.string().default(''),
  /** Added to prompts of shots that ask for them (the character LoRA's trigger words). */
  triggerWords: z.string().default(''),
  lora: loraSchema.nullable().default(null),
  /** Named seeds shots can refer to (`metadata.libero.seed_group`). */
  seedGroups: z.record(z.string().min(1), seedSchema).default({}),
  /** Seed for shots that name neither a seed nor a group (varied per shot by its id). */
  defaultSeed: seedSchema.default(0),
  negativePrompt: z.string().default(''),
  videoNegativePrompt: z.string().default(DEFAULT_VIDEO_NEGATIVE_PROMPT),
  /** Template name per stage; null fields mean the backend's own default. */
  templates: templatesSchema.default({}),
  stillWidth: z.number().int().positive().default(768),
  stillHeight: z.number().int().positive().default(432),
  /** Frame rate of the video stage (CogVideoX combines at 12). */
  generatedFps: z.number().positive().default(12),
  upscaleFactor: z.number().int().min(1).max(8).default(4),
  /** Where generated media and renders go, relative to the project folder. */
  outputFolder: z.string().min(1).default('out'),
  render: renderSchema.default(() => renderSchema.parse({})),
  backends: backendsSchema.default(() => backendsSchema.parse({})),
  /** The GPU chain through ComfyUI (see README, "Generating on GPU workstations"). */
  comfyui: comfyuiSchema.default(() => comfyuiSchema.parse({})),
  /** The conformed timeline handed back to the NLE. */
  conform: conformSchema.default(() => conformSchema.parse({})),
  /** Where the editor's media is on this machine (see README, "Path mapping"). */
  paths: pathsSchema.default(() => pathsSchema.parse({})),
  /** Voice-over and score mix. */
  audio: audioSchema.default(() => audioSchema.parse({})),
  /** Take QC (see src/conform/qc/README.md). */
  qc: qcSchema.default(() => qcSchema.parse({})),
  /** Look matching across shots (see src/conform/look/README.md). */
  look: lookSchema.default(() => lookSchema.parse({})),
  /** Studio mode: a shared farm through Redis and PostgreSQL (see README, "Studio mode"). */
  studio: studioConfigSchema.default(() => studioConfigSchema.parse({})),
});

/** A validated project file with every default filled in. */
export type ProjectConfig = z.infer<typeof projectConfigSchema>;

/** The project file as a user may write it (every field optional). */
export type ProjectConfigInput = z.input<typeof projectConfigSchema>;

/** The defaults: what an empty `libero.json` means. */
export function defaultProjectConfig(): ProjectConfig {
  return projectConfigSchema.parse({});
}
