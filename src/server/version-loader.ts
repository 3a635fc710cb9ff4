/**
 * Loads the newest version of the timeline (and libero.json) one at a time: a version that
 * arrives while another loads is loaded next (versions in between are skipped). A version that
 * is not even JSON may be a save still being written by a slow writer: its error waits
 * `truncatedGraceMs`, and is dropped when a newer version arrives meanwhile.
 */
import { hasCode } from '../shared/index.js';
import type { EngineProject, ProjectEngine } from './project-engine.js';
import type { FileVersion } from './timeline-watcher.js';

/** Options for {@link VersionLoader}. */
export interface VersionLoaderOptions {
  readonly engine: ProjectEngine;
  readonly truncatedGraceMs: number;
  /** True once the service is stopping (a loaded version is then dropped). */
  readonly closed: () => boolean;
  /** A version loaded. */
  readonly apply: (project: EngineProject, timeline: FileVersion) => void;
  /** A version (or the watcher) failed; published as a broken export. */
  readonly error: (error: unknown) => void;
  /** Loading stopped or a held error was published. */
  readonly changed: () => void;
}

/** The service's loading of versions. */
export class VersionLoader {
  readonly #o: VersionLoaderOptions;
  #timeline: FileVersion | null = null;
  #config: FileVersion | null = null;
  #loading = false;
  #loadAgain = false;
  #pendingErrors = 0;

  constructor(options: VersionLoaderOptions) {
    this.#o = options;
  }

  /** True while a version loads or a held error waits. */
  get busy(): boolean {
    return this.#loading || this.#pendingErrors > 0;
  }

  /** True while a version loads. */
  get loading(): boolean {
    return this.#loading;
  }

  /** A new version of the timeline or of libero.json, read once by the watcher. */
  accept(version: FileVersion): void {
    if (version.kind === 'timeline') this.#timeline = version;
    else this.#config = version;
    if (this.#timeline === null) return;
    if (this.#loading) {
      this.#loadAgain = true;
      return;
    }
    this.#loading = true;
    void this.#loadLoop();
  }

  async #loadLoop(): Promise<void> {
    try {
      do {
        this.#loadAgain = false;
        const timeline = this.#timeline as FileVersion;
        const config = this.#config;
        try {
          const project = await this.#o.engine.load({
            timelineText: timeline.text,
            configText: config?.text ?? null,
          });
          if (this.#o.closed()) return;
          this.#o.apply(project, timeline);
        } catch (error) {
          this.#reportLoadError(error, timeline);
        }
      } while (this.#loadAgain && !this.#o.closed());
    } finally {
      this.#loading = false;
      this.#o.changed();
    }
  }

  #reportLoadError(error: unknown, timeline: FileVersion): void {
    if (!hasCode(error, 'TIMELINE_INVALID_JSON') || this.#o.truncatedGraceMs <= 0) {
      this.#o.error(error);
      return;
    }
    this.#pendingErrors += 1;
    setTimeout(() => {
      this.#pendingErrors -= 1;
      if (this.#timeline === timeline && !this.#o.closed()) this.#o.error(error);
      this.#o.changed();
    }, this.#o.truncatedGraceMs);
  }
}
