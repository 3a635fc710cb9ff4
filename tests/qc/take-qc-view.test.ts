/**
 * Which faults of a take the edit shows (the view the service and the panel get): a take made
 * with handles before the clip's in-point, faults at both edges of the used range. A fault that
 * ends exactly at the in-point or starts exactly at the out-point is not shown (hard negatives);
 * one frame inside is, with the timeline timecode where it appears.
 */
import { describe, expect, it } from 'vitest';
import { projectConfigSchema } from '../../src/config/index.js';
import type { QcFault } from '../../src/conform/qc/qc-fault.js';
import { QC_VERSION } from '../../src/conform/qc/qc-fault.js';
import { takeQcView } from '../../src/pipeline/qc-takes.js';
import { findShots } from '../../src/shots/index.js';
import { buildTimeline } from '../shots/build-timeline.js';

const fault = (kind: QcFault['kind'], startFrame: number, endFrame: number): QcFault => ({
  kind,
  startFrame,
  endFrame,
  detail: `${kind} test`,
});

describe('takeQcView', () => {
  it('marks each fault inside or outside the clip’s used range, with its timecode', () => {
    // clip b: in-point 12 (0.5 s), 24 frames long, at 00:00:01:00 on the timeline
    const timeline = buildTimeline([
      { name: 'a', frames: 24, libero: { prompt: 'a field' } },
      { name: 'b', frames: 24, start: 12, libero: { prompt: 'a road' } },
    ]);
    const entry = findShots({
      timeline,
      config: projectConfigSchema.parse({}),
      fileExists: () => false,
    }).shots.find((s) => s.spec.clipName === 'b');
    if (entry === undefined) throw new Error('no shot b');
    // the take starts 0.25 s before the in-point (handles) at 12 fps: the cut uses frames 3-14
    const view = takeQcView({
      qc: {
        version: QC_VERSION,
        score: 40,
        fps: 12,
        frames: 24,
        faults: [
          fault('black', 0, 2),
          fault('jump', 3, 3),
          fault('frozen', 14, 16),
          fault('flicker', 15, 17),
        ],
      },
      entry,
      originSeconds: entry.sourceStartSeconds - 0.25,
    });
    expect(view.score).toBe(40);
    expect(view.faults.map((f) => [f.kind, f.inCut, f.timecode])).toEqual([
      ['black', false, null],
      ['jump', true, '00:00:01:00'],
      ['frozen', true, '00:00:01:22'],
      ['flicker', false, null],
    ]);
    expect(view.faults[1]).toMatchObject({ startFrame: 3, endFrame: 3, detail: 'jump test' });
  });
});
