/**
 * The HTTP + WebSocket contract of `libero serve`, in one file: every request body and query,
 * every response and every socket event, as zod schemas with their TypeScript types.
 * The web panel, the Resolve plugin and `libero status` depend on it; keep it stable
 * (add optional fields, never rename). Documented in README ("The service API").
 */
import { z } from 'zod';

/** Bumped only on a breaking change; sent by `GET /api/health`. */
export const API_VERSION = 1;

/** The stages of a shot's chain, in order. */
export const StageKindSchema = z.enum(['still', 'video', 'upscale']);
/** One of `still`, `video`, `upscale`. */
export type StageKind = z.infer<typeof StageKindSchema>;

/** Where one stage of one shot stands. */
export const StageStatusSchema = z.enum(['pending', 'queued', 'running', 'done', 'failed']);
/** Where one stage of one shot stands. */
export type StageStatus = z.infer<typeof StageStatusSchema>;

/** Where a shot stands as a whole. `needs-prompt`: a placeholder without a prompt (not generated). */
export const ShotStatusSchema = z.enum([
  'needs-prompt',
  'pending',
  'queued',
  'running',
  'done',
  'failed',
]);
/** Where a shot stands as a whole. */
export type ShotStatus = z.infer<typeof ShotStatusSchema>;

/** The error JSON of every refusal and failure: a stable code (docs/errors.md) and a message. */
export const ApiErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  hint: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
/** The error JSON of every refusal and failure. */
export type ApiError = z.infer<typeof ApiErrorSchema>;

/** The body of every non-2xx response. */
export const ErrorResponseSchema = z.object({ error: ApiErrorSchema });
/** The body of every non-2xx response. */
export type ErrorResponse = z.infer<typeof ErrorResponseSchema>;

/** A take id as OTIO media reference key: `take-001`, `take-002`, ... */
export const TakeIdSchema = z.string().regex(/^take-\d{3,}$/, 'a take id looks like take-001');

/** Shot ids are the pipeline's stable ids (letters, digits, `-`, `_`, `.`). */
export const ShotIdSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9._-]+$/, 'a shot id has only letters, digits, ".", "_" and "-"');

/** One fault take QC found (frames of the take's own file, 0 = its first frame). */
export const TakeFaultSchema = z.object({
  kind: z.enum(['flicker', 'jump', 'frozen', 'black', 'seam']),
  startFrame: z.number().int().min(0),
  /** Last frame of the fault (inclusive). */
  endFrame: z.number().int().min(0),
  /** What was measured, for people ("luma +27 for 2 frames"). */
  detail: z.string(),
  /** The edit shows it: its frames overlap the clip's used range. */
  inCut: z.boolean(),
  /** Timeline timecode where the cut first shows it; null when outside the cut. */
  timecode: z.string().nullable(),
});
/** One fault take QC found. */
export type TakeFault = z.infer<typeof TakeFaultSchema>;

/** A take's QC: 100 = no fault, each fault takes points off (src/conform/qc). */
export const TakeQcSchema = z.object({
  score: z.number().min(0).max(100),
  faults: z.array(TakeFaultSchema),
});
/** A take's QC. */
export type TakeQc = z.infer<typeof TakeQcSchema>;

/** One take of a shot. URLs are relative to the service and need the same token. */
export const TakeSchema = z.object({
  id: TakeIdSchema,
  active: z.boolean(),
  prompt: z.string().nullable(),
  seed: z.number().int().nullable(),
  stillUrl: z.string().nullable(),
  previewUrl: z.string().nullable(),
  createdAt: z.string().nullable(),
  /** Its take QC as stored with the take (by generate, match or the service); null: not checked. */
  qc: TakeQcSchema.nullable(),
});
/** One take of a shot. */
export type Take = z.infer<typeof TakeSchema>;

/** One stage's state. `percent` is 0..100. */
export const StageStateSchema = z.object({
  stage: StageKindSchema,
  status: StageStatusSchema,
  percent: z.number().min(0).max(100),
});
/** One stage's state. */
export type StageState = z.infer<typeof StageStateSchema>;

/**
 * A shot's stand-in when its upscale failed on every host: its video scaled to the delivery
 * size, in the conformed timeline as `metadata.libero.degraded`. Not a take: the next run
 * upscales for real and makes the take.
 */
export const StandInSchema = z.object({
  /** `not upscaled: <why>`, the hosts' refusal. */
  reason: z.string(),
  /** The stand-in's MP4 (same token as the other URLs); null when it cannot be served. */
  previewUrl: z.string().nullable(),
});
/** A shot's stand-in (a degraded take). */
export type StandIn = z.infer<typeof StandInSchema>;

/** A shot as the panel shows it. */
export const ShotSchema = z.object({
  id: ShotIdSchema,
  name: z.string(),
  /** Position in the cut (0-based, in record order). */
  index: z.number().int().min(0),
  prompt: z.string().nullable(),
  seed: z.number().int().nullable(),
  motion: z.string().nullable(),
  status: ShotStatusSchema,
  stages: z.array(StageStateSchema),
  takes: z.array(TakeSchema),
  activeTake: TakeIdSchema.nullable(),
  error: ApiErrorSchema.nullable(),
  /** The stand-in the cut shows while the shot has no take (upscale failed); null: none. */
  degraded: StandInSchema.nullable(),
});
/** A shot as the panel shows it. */
export type Shot = z.infer<typeof ShotSchema>;

/** A voice-over line or a score cue. */
export const AudioCueSchema = z.object({
  id: z.string(),
  kind: z.enum(['voiceover', 'score']),
  /** The line, or the score's music prompt. */
  text: z.string(),
  /** Place on the timeline, seconds. */
  start: z.number().min(0),
  duration: z.number().min(0),
  /**
   * `cached`: its audio is made (a render costs nothing for it); `missing`: a render makes it;
   * `failed`: its last attempt failed (a render leaves it silent), `error` says why.
   */
  status: z.enum(['cached', 'missing', 'failed', 'unknown']),
  /** Why it failed (the vendor's message), only when `failed`. */
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});
/** A voice-over line or a score cue. */
export type AudioCue = z.infer<typeof AudioCueSchema>;

/**
 * A clip of the editor's own media that is not on this machine (offline): listed, never
 * generated. `paths.map` in libero.json maps the editor's folders to this machine's.
 */
export const OfflineMediaSchema = z.object({
  clipName: z.string(),
  trackName: z.string(),
  /** Place on the timeline, seconds. */
  start: z.number().min(0),
  /** The path as the editor's NLE wrote it (`D:\\Footage\\a.mov`). */
  editorPath: z.string(),
  /** Where it was looked for here (after `paths.map`); null: not a file URL. */
  localPath: z.string().nullable(),
  /** Why it is offline (`missing file /mnt/footage/a.mov`). */
  reason: z.string(),
});
/** A clip of the editor's media that is not on this machine. */
export type OfflineMedia = z.infer<typeof OfflineMediaSchema>;

/** What the service knows of the watched timeline file. */
export const TimelineSummarySchema = z.object({
  name: z.string(),
  /** The watched file's name (never a full path: the panel does not need it). */
  file: z.string(),
  /** Counts the versions read since the service started (1 = the first). */
  version: z.number().int().min(1),
  /** sha256 of the file's bytes. */
  hash: z.string(),
  fps: z.number().positive().nullable(),
  durationSeconds: z.number().min(0).nullable(),
  loadedAt: z.string(),
});
/** What the service knows of the watched timeline file. */
export type TimelineSummary = z.infer<typeof TimelineSummarySchema>;

/** A render's state. */
export const RenderStateSchema = z.object({
  id: z.string(),
  status: z.enum(['running', 'done', 'failed']),
  percent: z.number().min(0).max(100),
  fileUrl: z.string().nullable(),
  error: ApiErrorSchema.nullable(),
  startedAt: z.string(),
});
/** A render's state. */
export type RenderState = z.infer<typeof RenderStateSchema>;

/** `GET /api/project`. */
export const ProjectResponseSchema = z.object({
  timeline: TimelineSummarySchema.nullable(),
  shots: z.array(ShotSchema),
  audio: z.array(AudioCueSchema),
  /** The editor's media missing on this machine, in track then time order (absent: none known). */
  offline: z.array(OfflineMediaSchema).optional(),
  lastError: ApiErrorSchema.nullable(),
  render: RenderStateSchema.nullable(),
});
/** `GET /api/project`. */
export type ProjectResponse = z.infer<typeof ProjectResponseSchema>;

/** `GET /api/health` (the only answer besides the token check that needs no project). */
export const HealthResponseSchema = z.object({
  ok: z.literal(true),
  apiVersion: z.literal(API_VERSION),
  uptimeSeconds: z.number().min(0),
  timelineLoaded: z.boolean(),
});
/** `GET /api/health`. */
export type HealthResponse = z.infer<typeof HealthResponseSchema>;

/**
 * `GET /api/paths`: absolute paths on the service's machine, for local tools such as the Resolve
 * plugin (send the export there, import the conformed timeline and the render from there).
 */
export const PathsResponseSchema = z.object({
  timeline: z.string(),
  conformed: z.string(),
  render: z.string().nullable(),
  /** Every file the conformed timeline refers to (takes), for importing into an NLE's bin. */
  media: z.array(z.string()),
});
/** `GET /api/paths`. */
export type PathsResponse = z.infer<typeof PathsResponseSchema>;

// ---- requests ------------------------------------------------------------------------------

/** `POST /api/shots/:shotId/regenerate`: a new take, with optional overrides. */
export const RegenerateRequestSchema = z.strictObject({
  prompt: z.string().trim().min(1).max(4000).optional(),
  seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  motion: z.string().trim().max(2000).optional(),
});
/** `POST /api/shots/:shotId/regenerate`. */
export type RegenerateRequest = z.infer<typeof RegenerateRequestSchema>;

/** `POST /api/shots/:shotId/take`: make a take the active one. */
export const ChooseTakeRequestSchema = z.strictObject({ take: TakeIdSchema });
/** `POST /api/shots/:shotId/take`. */
export type ChooseTakeRequest = z.infer<typeof ChooseTakeRequestSchema>;

/** `POST /api/renders`: start a render of the conformed timeline. */
export const StartRenderRequestSchema = z.strictObject({});
/** `POST /api/renders`. */
export type StartRenderRequest = z.infer<typeof StartRenderRequestSchema>;

/** Path parameters of the shot routes. */
export const ShotParamsSchema = z.strictObject({ shotId: ShotIdSchema });
/** Path parameters of `GET /api/shots/:shotId/media/:kind`. */
export const MediaParamsSchema = z.strictObject({
  shotId: ShotIdSchema,
  kind: z.enum(['still', 'preview']),
});
/** Query of `GET /api/shots/:shotId/media/:kind`: a take (default: the active one). */
export const MediaQuerySchema = z.strictObject({ take: TakeIdSchema.optional() });
/** Path parameters of `GET /api/renders/:renderId`. */
export const RenderParamsSchema = z.strictObject({
  renderId: z.string().regex(/^render-\d+$/, 'a render id looks like render-1'),
});

/** `POST /api/shots/:shotId/regenerate` answers 202 with the shot as queued. */
export const AcceptedResponseSchema = z.object({ accepted: z.literal(true), shot: ShotSchema });

// ---- socket events (`/api/events`) -------------------------------------------------------

const at = z.string();

/** Every message the socket sends. `at` is an ISO-8601 timestamp. */
export const ServerEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('timeline.loaded'),
    at,
    timeline: TimelineSummarySchema,
    shots: z.array(ShotSchema),
    /** The version's offline media (as `GET /api/project` lists it). */
    offline: z.array(OfflineMediaSchema).optional(),
  }),
  z.object({ type: z.literal('timeline.error'), at, file: z.string(), error: ApiErrorSchema }),
  z.object({
    type: z.literal('shot.queued'),
    at,
    shotId: ShotIdSchema,
    stages: z.array(StageKindSchema),
    reason: z.enum(['new', 'changed', 'regen', 'resume', 'api']),
  }),
  z.object({
    type: z.literal('shot.progress'),
    at,
    shotId: ShotIdSchema,
    stage: StageKindSchema,
    percent: z.number().min(0).max(100),
  }),
  /** A take was checked (take QC), before its shot is done; `shot.done` carries it again. */
  z.object({
    type: z.literal('take.qc'),
    at,
    shotId: ShotIdSchema,
    take: TakeIdSchema,
    qc: TakeQcSchema,
  }),
  z.object({ type: z.literal('shot.done'), at, shotId: ShotIdSchema, shot: ShotSchema }),
  z.object({
    type: z.literal('shot.failed'),
    at,
    shotId: ShotIdSchema,
    stage: StageKindSchema.nullable(),
    error: ApiErrorSchema,
    /** The stand-in the cut shows instead (an upscale that failed on every host); null: none. */
    degraded: StandInSchema.nullable().optional(),
  }),
  z.object({
    type: z.literal('render.progress'),
    at,
    renderId: z.string(),
    percent: z.number().min(0).max(100),
  }),
  z.object({ type: z.literal('render.done'), at, renderId: z.string(), fileUrl: z.string() }),
  z.object({ type: z.literal('render.failed'), at, renderId: z.string(), error: ApiErrorSchema }),
]);
/** Every message the socket sends. */
export type ServerEvent = z.infer<typeof ServerEventSchema>;
/** The `type` of a socket message. */
export type ServerEventType = ServerEvent['type'];
/** The closed list of socket message types. */
export const SERVER_EVENT_TYPES = [
  'timeline.loaded',
  'timeline.error',
  'shot.queued',
  'shot.progress',
  'take.qc',
  'shot.done',
  'shot.failed',
  'render.progress',
  'render.done',
  'render.failed',
] as const satisfies readonly ServerEventType[];

/** Name of the cookie that carries the token for the browser panel (one per port). */
export function tokenCookieName(port: number): string {
  return `libero_token_${port}`;
}
