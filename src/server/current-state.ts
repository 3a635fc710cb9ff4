/**
 * The current state as socket events, for a client that connects late: the loaded timeline
 * with every shot, the last timeline error, the queued, running and failed shots, the latest
 * render. Pure: the service hands in what it knows.
 */
import type {
  ApiError,
  OfflineMedia,
  RenderState,
  ServerEvent,
  Shot,
  TimelineSummary,
} from './api-contract.js';
import { STAGES } from './shot-runtime.js';
import type { ShotRuntime } from './shot-runtime.js';

type QueueReason = Extract<ServerEvent, { type: 'shot.queued' }>['reason'];

/** What {@link currentStateEvents} needs. */
export interface CurrentStateInput {
  readonly at: string;
  readonly file: string;
  readonly summary: TimelineSummary | null;
  readonly lastError: ApiError | null;
  /** Shots in cut order, as the API shows them. */
  readonly shots: readonly Shot[];
  /** The loaded version's offline media. */
  readonly offline: readonly OfflineMedia[];
  readonly runtime: ReadonlyMap<string, ShotRuntime>;
  readonly queuedReason: (shotId: string) => QueueReason | null;
  readonly render: RenderState | null;
}

/** The events that bring a new client up to date, oldest first. */
export function currentStateEvents(input: CurrentStateInput): ServerEvent[] {
  const { at } = input;
  const events: ServerEvent[] = [];
  if (input.summary !== null)
    events.push({
      type: 'timeline.loaded',
      at,
      timeline: input.summary,
      shots: [...input.shots],
      offline: [...input.offline],
    });
  if (input.lastError !== null)
    events.push({ type: 'timeline.error', at, file: input.file, error: input.lastError });
  for (const shot of input.shots) {
    const rt = input.runtime.get(shot.id);
    if (rt === undefined) continue;
    if (rt.status === 'queued')
      events.push({
        type: 'shot.queued',
        at,
        shotId: shot.id,
        stages: STAGES.filter((s) => rt.stages.get(s)?.status === 'queued'),
        reason: input.queuedReason(shot.id) ?? 'new',
      });
    if (rt.status === 'running')
      for (const s of rt.stages.values())
        if (s.status === 'running')
          events.push({
            type: 'shot.progress',
            at,
            shotId: shot.id,
            stage: s.stage,
            percent: s.percent,
          });
    if (rt.status === 'failed' && rt.error !== null)
      events.push({
        type: 'shot.failed',
        at,
        shotId: shot.id,
        stage: rt.failedStage,
        error: rt.error,
        degraded: shot.degraded,
      });
  }
  const render = input.render;
  if (render !== null) {
    if (render.status === 'running')
      events.push({ type: 'render.progress', at, renderId: render.id, percent: render.percent });
    if (render.status === 'done' && render.fileUrl !== null)
      events.push({ type: 'render.done', at, renderId: render.id, fileUrl: render.fileUrl });
    if (render.status === 'failed' && render.error !== null)
      events.push({ type: 'render.failed', at, renderId: render.id, error: render.error });
  }
  return events;
}
