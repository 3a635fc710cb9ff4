/**
 * What the service serves right now: the last good version of the project, its shots (updated
 * as jobs finish) and each shot's runtime (queued, running, failed stages), with the lookups the
 * API routes need (an unknown shot, or nothing loaded yet, is a clear API error).
 */
import { basename } from 'node:path';
import { LiberoError } from '../shared/index.js';
import type { Shot } from './api-contract.js';
import type { EngineProject, EngineShot, ProjectEngine } from './project-engine.js';
import { toShotView } from './shot-runtime.js';
import type { ShotRuntime } from './shot-runtime.js';

/** The loaded version and its shots. */
export class ServedProject {
  project: EngineProject | null = null;
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

  /** The shot as the API shows it. */
  toShot(shot: EngineShot): Shot {
    return toShotView({ shot, runtime: this.runtime.get(shot.id), roots: this.#engine });
  }
}
