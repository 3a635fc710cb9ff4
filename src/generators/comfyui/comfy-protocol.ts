/**
 * zod schemas of what a ComfyUI host sends: HTTP answers and WebSocket messages
 * (server.py / execution.py; see ../shared/ref/comfyui.md). Only what libero reads is
 * required; everything else passes through (`loose`), so newer servers still parse.
 */
import { z } from 'zod';

/** 200 from `POST /prompt`. */
export const queuePromptResponseSchema = z.looseObject({
  prompt_id: z.string().min(1),
  number: z.number(),
  node_errors: z.record(z.string(), z.unknown()).default({}),
});

const nodeErrorSchema = z.looseObject({
  type: z.string().default(''),
  message: z.string().default(''),
  details: z.string().default(''),
});

/** 400 from `POST /prompt`: a workflow the host refuses. */
export const promptErrorResponseSchema = z.looseObject({
  error: z.union([
    z.looseObject({
      type: z.string().default(''),
      message: z.string().default(''),
      details: z.string().default(''),
      extra_info: z.record(z.string(), z.unknown()).default({}),
    }),
    z.string(),
  ]),
  node_errors: z
    .record(
      z.string(),
      z.looseObject({
        errors: z.array(nodeErrorSchema).default([]),
        class_type: z.string().default(''),
        dependent_outputs: z.array(z.unknown()).default([]),
      }),
    )
    .default({}),
});

/** A file a node produced (SaveImage `images`, VHS_VideoCombine `gifs`). */
export const outputFileSchema = z.looseObject({
  filename: z.string().min(1),
  subfolder: z.string().default(''),
  type: z.string().default('output'),
  format: z.string().optional(),
  frame_rate: z.number().optional(),
});

/** One node's outputs. */
export const nodeOutputSchema = z.record(z.string(), z.unknown());

/** One entry of `GET /history/{prompt_id}`. */
export const historyEntrySchema = z.looseObject({
  outputs: z.record(z.string(), nodeOutputSchema).default({}),
  status: z
    .looseObject({
      status_str: z.string().default(''),
      completed: z.boolean().default(false),
      messages: z.array(z.tuple([z.string(), z.unknown()])).default([]),
    })
    .optional(),
});

/** `GET /history/{prompt_id}`: `{}` while it has not finished. */
export const historyResponseSchema = z.record(z.string(), historyEntrySchema);

const queueItemSchema = z.array(z.unknown()).min(2);

/** `GET /queue`. Items are `[number, prompt_id, prompt, extra, outputs]`. */
export const queueResponseSchema = z.looseObject({
  queue_running: z.array(queueItemSchema),
  queue_pending: z.array(queueItemSchema),
});

/** `POST /upload/image`. */
export const uploadResponseSchema = z.looseObject({
  name: z.string().min(1),
  subfolder: z.string().default(''),
  type: z.string().default('input'),
});

/** `GET /system_stats`. */
export const systemStatsSchema = z.looseObject({
  system: z.looseObject({ comfyui_version: z.string().optional() }),
  devices: z.array(z.looseObject({ name: z.string() })).default([]),
});

/** One class of `GET /object_info`: input specs are `[type or list of values, options?]`. */
export const objectInfoClassSchema = z.looseObject({
  input: z.looseObject({
    required: z.record(z.string(), z.array(z.unknown())).default({}),
    optional: z.record(z.string(), z.array(z.unknown())).default({}),
  }),
  output: z.array(z.unknown()).default([]),
  output_node: z.boolean().default(false),
});

/** `GET /object_info` before any class is read: an object of class descriptions. */
export const rawObjectInfoSchema = z.record(z.string(), z.unknown());

/** `GET /object_info`, every class checked (tests and fixtures; hosts go through `parseObjectInfo`). */
export const objectInfoSchema = z.record(z.string(), objectInfoClassSchema);

/** The node classes a host has. */
export type ObjectInfo = z.infer<typeof objectInfoSchema>;

/** `GET /object_info` as it came: class name -> its (unchecked) description. */
export type RawObjectInfo = Readonly<Record<string, unknown>>;

/** What {@link parseObjectInfo} read. */
export interface ParsedObjectInfo {
  readonly info: ObjectInfo;
  /** Classes asked for whose description does not parse -> the first problem. */
  readonly malformed: Readonly<Record<string, string>>;
}

/**
 * Parses only the node classes asked for (a template's): one third-party node pack writing a
 * malformed description must not make the whole host unusable, so the others are never read.
 * Classes the host lacks are simply absent (`findMissing` names them).
 */
export function parseObjectInfo(raw: RawObjectInfo, classes: Iterable<string>): ParsedObjectInfo {
  const info: ObjectInfo = {};
  const malformed: Record<string, string> = {};
  for (const name of new Set(classes)) {
    if (!Object.hasOwn(raw, name)) continue;
    const parsed = objectInfoClassSchema.safeParse(raw[name]);
    if (parsed.success) info[name] = parsed.data;
    else {
      const issue = parsed.error.issues[0];
      malformed[name] = `${issue?.path.join('.') ?? '?'}: ${issue?.message ?? 'invalid'}`;
    }
  }
  return { info, malformed };
}

const withPrompt = { prompt_id: z.string() };

/** A text frame on `/ws`. Unknown types parse as `other` and are ignored. */
export const wsMessageSchema = z.discriminatedUnion('type', [
  z.looseObject({
    type: z.literal('status'),
    data: z.looseObject({
      status: z.looseObject({
        exec_info: z.looseObject({ queue_remaining: z.number() }),
      }),
      sid: z.string().optional(),
    }),
  }),
  z.looseObject({ type: z.literal('execution_start'), data: z.looseObject(withPrompt) }),
  z.looseObject({
    type: z.literal('execution_cached'),
    data: z.looseObject({ ...withPrompt, nodes: z.array(z.string()) }),
  }),
  z.looseObject({
    type: z.literal('executing'),
    data: z.looseObject({ node: z.string().nullable(), prompt_id: z.string().optional() }),
  }),
  z.looseObject({
    type: z.literal('progress'),
    data: z.looseObject({
      value: z.number(),
      max: z.number(),
      prompt_id: z.string().optional(),
      node: z.string().nullable().optional(),
    }),
  }),
  z.looseObject({
    type: z.literal('executed'),
    data: z.looseObject({ ...withPrompt, node: z.string(), output: nodeOutputSchema.nullable() }),
  }),
  z.looseObject({ type: z.literal('execution_success'), data: z.looseObject(withPrompt) }),
  z.looseObject({
    type: z.literal('execution_error'),
    data: z.looseObject({
      ...withPrompt,
      node_id: z.string().nullable().default(null),
      node_type: z.string().nullable().default(null),
      exception_message: z.string().default(''),
      exception_type: z.string().default(''),
    }),
  }),
  z.looseObject({
    type: z.literal('execution_interrupted'),
    data: z.looseObject({
      ...withPrompt,
      node_id: z.string().nullable().default(null),
      node_type: z.string().nullable().default(null),
    }),
  }),
]);

/** A parsed socket message. */
export type WsMessage = z.infer<typeof wsMessageSchema>;

/** Parses a text frame; returns null for unknown types (newer servers add some). */
export function parseWsMessage(text: string): WsMessage | null | 'invalid' {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return 'invalid';
  }
  const known = wsMessageSchema.safeParse(json);
  if (known.success) return known.data;
  const type = (json as { type?: unknown } | null)?.type;
  const knownTypes = wsMessageSchema.options.map((o) => o.shape.type.value as string);
  return typeof type === 'string' && !knownTypes.includes(type) ? null : 'invalid';
}
