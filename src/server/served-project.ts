/**
 * What the service serves right now: the last good version of the project, its shots (updated
 * as jobs finish), each shot's runtime (queued, running, failed stages), the last error and
 * where the conformed timeline is, with the views and lookups the API routes need (an unknown
 * shot, or nothing loaded yet, is a clear API error).
 */
import { basename } from 'node:path';
import { LiberoError } from '../shared/index.js';
import type {
  ApiError,
  PathsResponse,
  ProjectResponse,
  RenderState,
  ServerEvent,
  Shot,
  TimelineSummary,
} from './api-contract.js';
import { currentStateEvents } from './current-state.js';
import type { EngineProject, EngineShot, ProjectEngine } from './project-engine.js';
import { toShotView } from './shot-runtime.js';
import type { ShotRuntime } from './shot-runtime.js';
import { conformedPathFor } from './timeline-watcher.js';
import type { QueueReason } from './version-decision.js';

/** The loaded version and its shots. */
export class ServedProject {
  project: EngineProject | null = null;
  /** The loaded version as the API describes it. */
  summary: TimelineSummary | null = null;
  /** The last broken export or failed conform (cleared by the next good version). */
  lastError: ApiError | null = null;
  /** Where the conformed timeline was last written. */
  conformedFile: string | null = null;
  readonly shots = new Map<string, EngineShot>();
  readonly runtime = new Map<string, ShotRuntime>();
  readonly #engine: ProjectEngine;
  readonly #timelinePath: string;

  constructor(options: { engine: ProjectEngine; timelinePath: string }) {
    this.#engine = options.engine;
    this.#timelinePath = options.timelinePath;
  }

  /** The shots in timeline order. */
  ordered(): EngineShot[] {
    return [...this.shots.values()].sort((a, b) => a.index - b.index);
  }

  /** The loaded version (API_CONFLICT before the first one). */
  requireProject(): EngineProject {
    if (this.project === null)
      throw new LiberoError(
        'API_CONFLICT',
        `no version of ${basename(this.#timelinePath)} has loaded yet`,
        { details: { file: basename(this.#timelinePath) } },
      );
    return this.project;
  }

  /** A shot of the loaded version (API_NOT_FOUND when it has none of that id). */
  requireShot(shotId: string): EngineShot {
    this.requireProject();
    const shot = this.shots.get(shotId);
    if (shot === undefined)
      throw new LiberoError(
        'API_NOT_FOUND',
        `no shot "${shotId}" in ${basename(this.#timelinePath)}`,
        { details: { shotId } },
      );
    return shot;
  }

  /** A shot the service knows is loaded (jobs ask for their own shot). */
  wanted(shotId: string): EngineShot {
    return this.shots.get(shotId) as EngineShot;
  }

  /** `GET /api/project`. */
  projectView(render: RenderState | null): ProjectResponse {
    return {
      timeline: this.summary,
      shots: this.ordered().map((s) => this.toShot(s)),
      audio: [...(this.project?.audio ?? [])],
      offline: [...(this.project?.offline ?? [])],
      lastError: this.lastError,
      render,
    };
  }

  /** `GET /api/paths`: where things are on this machine (for the Resolve plugin). */
  pathsView(renderFile: string | null): PathsResponse {
    const media = new Set<string>();
    for (const shot of this.shots.values())
      for (const take of shot.takes) {
        const file = take.previewFile ?? take.stillFile;
        if (file !== null) media.add(file);
      }
    return {
      timeline: this.#timelinePath,
      conformed: this.conformedFile ?? conformedPathFor(this.#timelinePath),
      render: renderFile,
      media: [...media],
    };
  }

  /** The events that bring a newly connected socket up to date. */
  currentState(input: {
    at: string;
    queuedReason: (shotId: string) => QueueReason | null;
    render: RenderState | null;
  }): ServerEvent[] {
    return currentStateEvents({
      at: input.at,
      file: basename(this.#timelinePath),
      summary: this.summary,
      lastError: this.lastError,
      shots: this.ordered().map((s) => this.toShot(s)),
      offline: this.project?.offline ?? [],
      runtime: this.runtime,
      queuedReason: input.queuedReason,
      render: input.render,
    });
  }

  /** The shot as the API shows it. */
  toShot(shot: EngineShot): Shot {
    return toShotView({ shot, runtime: this.runtime.get(shot.id), roots: this.#engine });
  }
}
