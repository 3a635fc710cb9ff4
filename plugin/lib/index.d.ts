// Types of the plugin's logic (the modules are plain CommonJS JavaScript so Resolve's Electron,
// 18.6.5 to 20.x, runs them without a build step).
import type { ApiError, PathsResponse, ProjectResponse } from '../../src/server/api-contract.js';

/** Any Resolve scripting object (the real one or the tests' stand-in). */
export type ResolveObject = unknown;

export type ResolveErrorCode =
  | 'RESOLVE_API_UNAVAILABLE'
  | 'RESOLVE_NO_PROJECT'
  | 'RESOLVE_NO_TIMELINE'
  | 'RESOLVE_NO_CLIP'
  | 'RESOLVE_EXPORT_FAILED'
  | 'RESOLVE_IMPORT_FAILED'
  | 'RESOLVE_MARKER_FAILED'
  | 'RESOLVE_TIMEOUT';

export declare class ResolveActionError extends Error {
  constructor(code: ResolveErrorCode, message: string, details?: Record<string, unknown>);
  readonly code: ResolveErrorCode;
  readonly details: Record<string, unknown>;
}
export declare function toPanelError(error: unknown): ApiError;
export declare const DEFAULT_API_TIMEOUT_SECONDS: number;
export declare function guardApiTimeout<T>(
  target: T,
  options: { timeoutSeconds: number; now: () => number },
): T;
export declare function connectResolve(
  wi: unknown,
  options: { pluginId: string; timeoutSeconds: number; now: () => number },
): { resolve: ResolveObject | null; timeoutSeconds: number; problem: string | null };
export declare function timecodeToFrame(timecode: string, fps: number): number | null;
export declare function replaceFile(options: {
  from: string;
  to: string;
  renameFile: ((from: string, to: string) => Promise<void>) | null;
  delaysMs: readonly number[] | null;
}): Promise<{ attempts: number }>;
export type NavigationRoute =
  | { kind: 'allow' }
  | { kind: 'open-served-file'; relative: string }
  | { kind: 'open-path'; path: string }
  | { kind: 'open-external'; url: string }
  | { kind: 'deny' };
export declare function routeNavigation(options: {
  url: string;
  serviceOrigin: string | null;
}): NavigationRoute;
export declare function localFileFor(options: {
  relative: string;
  paths: { render: string | null; media: readonly string[] };
}): string | null;
export declare function takesFolder(media: readonly string[], fallback: string): string;
export declare function currentProject(resolve: ResolveObject): unknown;
export declare function currentTimeline(resolve: ResolveObject): {
  project: unknown;
  timeline: unknown;
};
export declare function timelineNames(project: unknown): string[];
export declare function sendTimeline(options: {
  resolve: ResolveObject;
  target: string;
  renameFile?: ((from: string, to: string) => Promise<void>) | null;
  retryDelaysMs?: readonly number[] | null;
}): Promise<{ timeline: string; file: string; bytes: number }>;
export declare function placeRegenMarker(options: { resolve: ResolveObject; note: string }): {
  clip: string;
  frame: number;
};
export declare function nextTimelineName(base: string, existing: readonly string[]): string;
export interface BringBackResult {
  timeline: string;
  /** The bin the takes went into (`libero`, or the root bin when Resolve refused to make it). */
  bin: string;
  online: { clip: string; file: string }[];
  offline: { clip: string; file: string | null }[];
  render: boolean;
}
export declare function bringBack(options: {
  resolve: ResolveObject;
  conformedPath: string;
  baseName: string;
  /** Resolve's sourceClipsPath: where the takes are. */
  takesFolder: string;
  renderPath: string | null;
}): Promise<BringBackResult>;
export interface ServiceClient {
  health(): Promise<unknown>;
  project(): Promise<ProjectResponse>;
  paths(): Promise<PathsResponse>;
  regenerate(shotId: string, overrides?: Record<string, unknown>): Promise<unknown>;
  origin(): string;
  panelUrl(): string;
}
export declare function serviceClient(connection: { url: string; token: string }): ServiceClient;
export type ActionResult<T> = ({ ok: true } & T) | { ok: false; error: ApiError };
export interface PluginActions {
  send(): Promise<ActionResult<{ timeline: string; file: string; bytes: number }>>;
  placeRegenMarker(note: string): Promise<
    ActionResult<{
      marker: { clip: string; frame: number };
      sent: { timeline: string; file: string };
    }>
  >;
  bringBack(): Promise<ActionResult<BringBackResult>>;
}
export declare function createPluginActions(options: {
  resolve: ResolveObject;
  client: ServiceClient;
  /** Why there is no Resolve session (from connectResolve); every button says it. */
  problem?: string | null;
}): PluginActions;
