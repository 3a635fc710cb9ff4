/** Puts a render plan together from flattened tracks (pure). */
import { buildSegments } from './build-segments.js';
import type {
  AudioPlan,
  LayerSource,
  OfflineSource,
  OutputSettings,
  PlanTrack,
  RenderPlan,
} from './render-plan.js';

/** Options for {@link assembleRenderPlan}. */
export interface AssembleRenderPlanOptions {
  readonly output: OutputSettings;
  /** Video tracks, bottom to top. */
  readonly tracks: readonly PlanTrack[];
  readonly startFrame: number;
  readonly frameCount: number;
  readonly lut: RenderPlan['lut'];
  readonly audio: AudioPlan;
}

function offlineIn(source: LayerSource): OfflineSource[] {
  if (source.kind === 'offline') return [source];
  if (source.kind === 'dissolve')
    return [source.from, source.to].flatMap((s) => (s === null ? [] : offlineIn(s)));
  return [];
}

/** Segments the tracks and lists the offline clips that are on screen in the range. */
export function assembleRenderPlan(options: AssembleRenderPlanOptions): RenderPlan {
  const { output, tracks, startFrame, frameCount, lut, audio } = options;
  const segments = buildSegments({
    tracks,
    frame: { width: output.width, height: output.height },
    startFrame,
    frameCount,
  });
  const offline: OfflineSource[] = [];
  const seen = new Set<string>();
  for (const segment of segments)
    for (const layer of segment.layers)
      for (const source of offlineIn(layer.source)) {
        const key = `${source.clipName}\u0000${source.reason}\u0000${source.target ?? ''}`;
        if (seen.has(key)) continue;
        seen.add(key);
        offline.push(source);
      }
  return { output, startFrame, frameCount, segments, lut, audio, offline };
}
