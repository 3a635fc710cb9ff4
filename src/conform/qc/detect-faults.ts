/**
 * Take QC decisions on what ffmpeg measured (pure). Black runs come straight from blackdetect,
 * frozen runs from the per-block motion (`frozenRuns`); flicker is a swing of mean luma that comes back within a few
 * frames; a jump is a high scdet score not explained by those; a seam is a (smaller) scene
 * change at a known join of chained clips. Precedence, so one event is reported once:
 *
 *     black  >  frozen  >  flicker  >  seam  >  jump
 *
 * A take that is frozen almost throughout is a static shot, not a fault.
 * A flicker frame, a black frame and the end of a frozen run all raise the scene score too;
 * frames at the edges (±1) of a stronger fault do not become jumps.
 */
import type { QcPassResult, TimeRun } from '../../media/index.js';
import type { QcFault } from './qc-fault.js';
import { frozenRuns } from './frozen-runs.js';
import type { QcThresholds } from './qc-thresholds.js';

/** Options for {@link detectFaults}. */
export interface DetectFaultsOptions {
  readonly pass: QcPassResult;
  readonly thresholds: QcThresholds;
  /** First frames of each chained clip after the first (where clips were joined), or []. */
  readonly joins: readonly number[];
}

/** The frame rate of a pass, from the median spacing of its frame times. */
export function passFrameRate(pass: QcPassResult): number {
  const steps: number[] = [];
  for (let i = 1; i < pass.frames.length; i++) {
    const dt = (pass.frames[i]?.time ?? 0) - (pass.frames[i - 1]?.time ?? 0);
    if (dt > 0) steps.push(dt);
  }
  steps.sort((a, b) => a - b);
  const mid = steps[Math.floor(steps.length / 2)];
  return mid === undefined ? 0 : Math.round((1 / mid) * 1000) / 1000;
}

/** Index of the first frame at or after `seconds` (half a frame of tolerance). */
function frameAt(pass: QcPassResult, seconds: number, fps: number): number {
  const tolerance = fps > 0 ? 0.5 / fps : 1e-3;
  const i = pass.frames.findIndex((f) => f.time >= seconds - tolerance);
  return i === -1 ? pass.frames.length : i;
}

function runFrames(pass: QcPassResult, run: TimeRun, fps: number): [number, number] {
  const start = frameAt(pass, run.start, fps);
  const end = run.end === null ? pass.frames.length : frameAt(pass, run.end, fps);
  return [start, Math.max(start, end - 1)];
}

const overlap = (a: [number, number], b: [number, number]): number =>
  Math.max(0, Math.min(a[1], b[1]) - Math.max(a[0], b[0]) + 1);

/** Finds the faults of one take. The result is sorted by start frame. */
export function detectFaults(options: DetectFaultsOptions): QcFault[] {
  const { pass, thresholds } = options;
  const fps = passFrameRate(pass);
  const n = pass.frames.length;
  const faults: QcFault[] = [];
  const taken: [number, number][] = [];
  const near = (i: number): boolean => taken.some(([a, b]) => i >= a - 1 && i <= b + 1);

  for (const run of pass.black) {
    const span = runFrames(pass, run, fps);
    faults.push({
      kind: 'black',
      startFrame: span[0],
      endFrame: span[1],
      detail: `${span[1] - span[0] + 1} black frame(s)`,
    });
    taken.push(span);
  }
  const frozenSpans = frozenRuns({ pass, fps, thresholds });
  const frozenFrames = frozenSpans.reduce((sum, [a, b]) => sum + b - a + 1, 0);
  const isStatic = n > 0 && frozenFrames >= thresholds.staticTakeRatio * n;
  for (const span of isStatic ? [] : frozenSpans) {
    const length = span[1] - span[0] + 1;
    const black = taken.reduce((s, t) => s + overlap(span, t), 0);
    if (black * 2 >= length) continue;
    faults.push({
      kind: 'frozen',
      startFrame: span[0],
      endFrame: span[1],
      detail: `${length} frozen frames (${(length / (fps || 1)).toFixed(2)} s)`,
    });
    taken.push(span);
  }

  const luma = (i: number): number => pass.frames[i]?.luma ?? 0;
  for (let i = 1; i < n; i++) {
    if (near(i)) continue;
    const swing = luma(i) - luma(i - 1);
    if (Math.abs(swing) <= thresholds.flickerLuma) continue;
    const base = luma(i - 1);
    let back = -1;
    for (let j = i + 1; j <= Math.min(n - 1, i + thresholds.flickerMaxFrames); j++) {
      if (Math.abs(luma(j) - base) < thresholds.flickerLuma / 2) {
        back = j;
        break;
      }
    }
    if (back === -1) continue;
    const span: [number, number] = [i, back - 1];
    faults.push({
      kind: 'flicker',
      startFrame: i,
      endFrame: back - 1,
      detail: `luma ${swing > 0 ? '+' : ''}${swing.toFixed(1)} for ${back - i} frame(s)`,
    });
    taken.push(span);
    i = back;
  }

  const score = (i: number): number => pass.frames[i]?.sceneScore ?? 0;
  for (const join of options.joins) {
    if (join <= 0 || join >= n || near(join)) continue;
    if (score(join) < thresholds.seamScore) continue;
    faults.push({
      kind: 'seam',
      startFrame: join,
      endFrame: join,
      detail: `chained clips do not meet: scene score ${score(join).toFixed(1)}`,
    });
    taken.push([join, join]);
  }
  for (let i = 1; i < n; i++) {
    if (near(i) || score(i) < thresholds.jumpScore) continue;
    faults.push({
      kind: 'jump',
      startFrame: i,
      endFrame: i,
      detail: `scene score ${score(i).toFixed(1)}`,
    });
    taken.push([i, i]);
  }
  return faults.sort((a, b) => a.startFrame - b.startFrame || a.kind.localeCompare(b.kind));
}
