/**
 * The port through which the service drives the pipeline: load a version, generate one shot,
 * choose a take, conform, render. `pipeline-engine.ts` implements it with src/pipeline's
 * use-cases; the service itself knows only this interface.
 */
import type {
  AudioCue,
  OfflineMedia,
  RegenerateRequest,
  StageKind,
  TakeQc,
} from './api-contract.js';

/** One take as the engine reports it (absolute file paths, never sent to clients as such). */
export interface EngineTake {
  readonly id: string;
  readonly prompt: string | null;
  readonly seed: number | null;
  readonly stillFile: string | null;
  readonly previewFile: string | null;
  readonly createdAt: string | null;
  /** Its stored QC (score, faults, which of them the cut shows); null: not checked. */
  readonly qc: TakeQc | null;
}

/**
 * A shot's stand-in (its upscale failed on every host: the video at the delivery size, in the
 * conformed timeline until the next run upscales for real). Not a take.
 */
export interface EngineStandIn {
  /** `not upscaled: <why>`. */
  readonly reason: string;
  /** The stand-in's MP4 (absolute path). */
  readonly file: string;
}

/** One shot of a loaded version. */
export interface EngineShot {
  readonly id: string;
  readonly name: string;
  readonly index: number;
  readonly prompt: string | null;
  readonly seed: number | null;
  readonly motion: string | null;
  /** A placeholder without a prompt: listed, never generated. */
  readonly needsPrompt: boolean;
  /**
   * Names the work this shot wants (e.g. the final stage's content key). Two versions that
   * want the same work give the same key; a running job whose key is no longer wanted is
   * cancelled.
   */
  readonly workKey: string;
  /** How many regenerate requests (regen markers) the clip carries. */
  readonly regen: number;
  /** Stages whose output is not in the cache yet, in chain order (empty: done). */
  readonly missing: readonly StageKind[];
  readonly takes: readonly EngineTake[];
  readonly activeTake: string | null;
  /** Its stand-in while it has no take and its upscale failed; null: none. */
  readonly degraded: EngineStandIn | null;
}

/** A parsed, planned version of the project. */
export interface EngineProject {
  readonly name: string;
  readonly fps: number | null;
  readonly durationSeconds: number | null;
  readonly shots: readonly EngineShot[];
  readonly audio: readonly AudioCue[];
  /** The editor's media missing on this machine (listed, never generated). */
  readonly offline: readonly OfflineMedia[];
}

/** A stored request (state store) a job answers: an API regenerate, a regen marker, a new shot. */
export interface EngineRequest {
  readonly id: string;
  readonly shotId: string;
  readonly source: 'marker' | 'api' | 'new-shot';
}

/** Options for {@link ProjectEngine.generateShot}. */
export interface GenerateShotOptions {
  readonly project: EngineProject;
  readonly shotId: string;
  /** The stored request this job answers (its take); null for the timeline's own wish. */
  readonly request: EngineRequest | null;
  /**
   * The editor just asked for this shot (regenerate, newly dropped): its stages go before any
   * other work the generator holds. False for a batch of the timeline's own wishes.
   */
  readonly urgent: boolean;
  readonly signal: AbortSignal;
  readonly onProgress: (stage: StageKind, fraction: number) => void;
  /** A take of this shot was checked (take QC); `takeId` is `take-001`, ... */
  readonly onTakeQc: (takeId: string, qc: TakeQc) => void;
  /** The upscale failed on every host: the shot's stand-in (the job then fails). */
  readonly onDegraded: (standIn: EngineStandIn) => void;
}

/** Options for {@link ProjectEngine.render}. */
export interface RenderOptions {
  readonly project: EngineProject;
  readonly signal: AbortSignal;
  readonly onProgress: (fraction: number) => void;
}

/** What the service needs from the pipeline. Every method rejects with a LiberoError. */
export interface ProjectEngine {
  /** Folders whose files may be served (the project's output and cache folders). */
  readonly servedRoots: readonly string[];
  /** The project folder; served URLs are relative to it. */
  readonly projectDir: string;
  /** Parses and plans one version (the texts the watcher read; config null when absent). */
  load(input: { timelineText: string; configText: string | null }): Promise<EngineProject>;
  /** Generates what one shot is missing (or a new take); resolves with the shot afterwards. */
  generateShot(options: GenerateShotOptions): Promise<EngineShot>;
  /**
   * Stores a request before the service acknowledges it: an API regenerate (its overrides) or a
   * shot newly dropped into the cut. Regen markers are stored by `load`.
   */
  addRequest(input: {
    project: EngineProject;
    shotId: string;
    source: 'api' | 'new-shot';
    regenerate: RegenerateRequest | null;
  }): EngineRequest;
  /** Marks done the stored requests whose take exists; returns those still waiting for one. */
  pendingRequests(input: { project: EngineProject }): EngineRequest[];
  /** Makes a take the active one; resolves with the shot afterwards. */
  chooseTake(input: {
    project: EngineProject;
    shotId: string;
    takeId: string;
  }): Promise<EngineShot>;
  /** Writes the conformed timeline atomically; resolves with its path. */
  conform(input: { project: EngineProject }): Promise<string>;
  /** Renders the conformed timeline; resolves with the file. */
  render(options: RenderOptions): Promise<string>;
}
