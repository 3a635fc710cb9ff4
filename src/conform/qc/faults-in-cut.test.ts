import { describe, expect, it } from 'vitest';
import { faultsInCut } from './faults-in-cut.js';
import type { QcFault } from './qc-fault.js';

const jump: QcFault = { kind: 'jump', startFrame: 38, endFrame: 38, detail: 'scene score 20.0' };
const black: QcFault = { kind: 'black', startFrame: 2, endFrame: 3, detail: '2 black frame(s)' };

describe('faultsInCut', () => {
  it('keeps the faults inside the used range, timecoded on the timeline', () => {
    // a 12 fps take used from 1 s for 3 s, placed at 10 s on a 24 fps timeline
    const found = faultsInCut({
      faults: [black, jump],
      fps: 12,
      use: {
        shotId: '6b',
        sourceStartSeconds: 1,
        sourceDurationSeconds: 3,
        recordStartSeconds: 10,
        timelineRate: 24,
      },
    });
    // black frames at 0.17 s are trimmed away; the jump at 38/12 s = 3.1667 s is shown at
    // 10 + 2.1667 s = 00:00:12:04
    expect(found.map((f) => f.line)).toEqual([
      'shot 6b: jump at 00:00:12:04, inside the cut (scene score 20.0)',
    ]);
  });

  it('a fault that starts before the cut is reported where the cut starts', () => {
    const found = faultsInCut({
      faults: [{ kind: 'frozen', startFrame: 6, endFrame: 17, detail: '12 frozen frames' }],
      fps: 12,
      use: {
        shotId: '2',
        sourceStartSeconds: 1,
        sourceDurationSeconds: 1,
        recordStartSeconds: 0,
        timelineRate: 24,
      },
    });
    expect(found.map((f) => f.timecode)).toEqual(['00:00:00:00']);
  });

  it('reports nothing when the faults are in the handles', () => {
    expect(
      faultsInCut({
        faults: [jump],
        fps: 12,
        use: {
          shotId: '1',
          sourceStartSeconds: 0,
          sourceDurationSeconds: 3,
          recordStartSeconds: 0,
          timelineRate: 25,
        },
      }),
    ).toEqual([]);
  });
});
