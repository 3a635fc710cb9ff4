/**
 * The manifest beside each ComfyUI template: which of our parameters go into which node
 * inputs (no string substitution inside JSON), which node classes and model files the
 * workflow needs, where its output is, and how a stage is split into batches.
 */
import { z } from 'zod';

const targetSchema = z.strictObject({ node: z.string().min(1), input: z.string().min(1) });

const parameterSchema = z.strictObject({
  type: z.enum(['string', 'integer', 'number', 'boolean']),
  required: z.boolean().default(false),
  nullable: z.boolean().default(false),
  min: z.number().optional(),
  max: z.number().optional(),
  multipleOf: z.number().int().positive().optional(),
  /** Round an integer up to `step * k + offset` (CogVideoX wants 16N+1 frames). */
  quantize: z
    .strictObject({ step: z.number().int().positive(), offset: z.number().int() })
    .optional(),
  /** When the value is null, remove this node and rewire its outputs (see `bypass`). */
  bypassWhenNull: z.string().optional(),
  targets: z.array(targetSchema).min(1),
});

/** Splitting one stage into several prompts over a range of frames. */
const batchSchema = z.strictObject({
  /** Template parameter that receives the first frame of a batch. */
  startParam: z.string().min(1),
  /** Template parameter that receives the frame count of a batch. */
  sizeParam: z.string().min(1),
  /** Frames per batch unless the request's `batch_size` says otherwise. */
  defaultSize: z.number().int().positive(),
});

/** zod schema of a `*.manifest.json`. */
export const templateManifestSchema = z.strictObject({
  schema: z.literal('LiberoComfyTemplate.1'),
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  version: z.number().int().positive(),
  stage: z.enum(['still', 'video', 'upscale']),
  description: z.string(),
  /** File name of the API-format workflow, beside the manifest. */
  workflow: z.string().min(1),
  /** The model family the workflow keeps loaded on the GPU; the scheduler groups by it. */
  modelSet: z.string().min(1),
  /** Node class -> the node pack that provides it (for the "missing" message). */
  nodes: z.record(z.string(), z.string()),
  /** Inputs that name model files; checked against the host's object_info before queuing. */
  models: z.array(
    z.strictObject({ node: z.string(), input: z.string(), folder: z.string().min(1) }),
  ),
  parameters: z.record(z.string().regex(/^[a-z][A-Za-z0-9_]*$/), parameterSchema),
  /** Node id -> for each of its outputs, the link that replaces it when the node is bypassed. */
  bypass: z.record(z.string(), z.array(z.tuple([z.string(), z.number().int().min(0)]))),
  /** Our input files (`image`, `video`) -> the node inputs that receive the uploaded name. */
  inputs: z.partialRecord(
    z.enum(['image', 'video']),
    z.strictObject({ targets: z.array(targetSchema).min(1) }),
  ),
  /** The output node and the key of its `ui` output (`images` for SaveImage, `gifs` for VHS). */
  output: z.strictObject({
    node: z.string().min(1),
    key: z.enum(['images', 'gifs']),
    media: z.enum(['image', 'video']),
  }),
  batch: batchSchema.nullable(),
  /**
   * The most tokens the model's text encoder takes for the `prompt` parameter (CogVideoX's T5:
   * 226); the plan shortens longer video prompts with a warning. null: no limit.
   */
  promptTokenLimit: z.number().int().positive().nullable().default(null),
  /**
   * The sizes the video model was trained at (CogVideoX 1.5: short edge 768, long edge up to
   * 1360, multiples of 16): the plan asks for the trained size of the shot's aspect, whatever
   * the still's size. null: the plan's size as it is.
   */
  /**
   * The frame rate the video model makes motion at (CogVideoX 1.5: 16). The plan generates at
   * it and the upscale conforms to the project's rate, so motion plays at real speed. null:
   * the project's rate.
   */
  nativeFps: z.number().positive().nullable().default(null),
  trainedSize: z
    .strictObject({
      shortEdge: z.number().int().positive(),
      longEdgeMax: z.number().int().positive(),
      multiple: z.number().int().positive(),
    })
    .nullable()
    .default(null),
});

/** A parsed manifest. */
export type TemplateManifest = z.infer<typeof templateManifestSchema>;

/** One parameter's declaration. */
export type TemplateParameter = TemplateManifest['parameters'][string];
