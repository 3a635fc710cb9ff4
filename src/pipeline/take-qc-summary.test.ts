import { describe, expect, it } from 'vitest';
import { Clip, ExternalReference } from '../timeline/index.js';
import { describeClipTakes } from './take-qc-summary.js';

describe('describeClipTakes', () => {
  it('lists each take with its score and faults, and the active one', () => {
    const clip = new Clip({
      name: 'sc06b',
      metadata: { libero: { cdl_auto: { saturation: 0.9 } } },
    });
    clip.setMediaReferences(
      {
        'take-001': new ExternalReference({
          targetUrl: 'a.mp4',
          metadata: { libero: { qc: { score: 100, faults: [] } } },
        }),
        'take-002': new ExternalReference({
          targetUrl: 'b.mp4',
          metadata: {
            libero: {
              qc: {
                score: 70,
                faults: [{ kind: 'jump', start_frame: 38, end_frame: 38 }],
              },
            },
          },
        }),
      },
      'take-001',
    );
    expect(describeClipTakes(clip)).toEqual([
      '  sc06b: take-001 QC 100 (active) · take-002 QC 70 [jump 38]',
      '    look: cdl_auto {"saturation":0.9}',
    ]);
  });

  it('says nothing of a clip without QC', () => {
    expect(describeClipTakes(new Clip({ name: 'x' }))).toEqual([]);
  });
});
