import { describe, expect, it } from 'vitest';
import { parseFrameMetadata } from './frame-metadata.js';

// Verbatim from ffmpeg 5.1: signalstats,scdet,freezedetect,blackdetect,metadata=print:file=...
const SAMPLE = `frame:0    pts:0       pts_time:0
lavfi.signalstats.YAVG=124.627
lavfi.scd.mafd=0.000
lavfi.scd.score=0.000
frame:10   pts:5120    pts_time:0.416667
lavfi.signalstats.YAVG=151.155
lavfi.scd.score=10.287
lavfi.scd.time=0.416667
frame:60   pts:30720   pts_time:2.5
lavfi.freezedetect.freeze_end=1.875
lavfi.black_start=2.5
lavfi.some.text=not-a-number
frame:61   pts:NOPTS   pts_time:NOPTS
`;

describe('parseFrameMetadata', () => {
  it('reads frames, times and numeric values', () => {
    expect(parseFrameMetadata(SAMPLE)).toEqual([
      {
        frame: 0,
        time: 0,
        values: {
          'lavfi.signalstats.YAVG': 124.627,
          'lavfi.scd.mafd': 0,
          'lavfi.scd.score': 0,
        },
      },
      {
        frame: 10,
        time: 0.416667,
        values: {
          'lavfi.signalstats.YAVG': 151.155,
          'lavfi.scd.score': 10.287,
          'lavfi.scd.time': 0.416667,
        },
      },
      {
        frame: 60,
        time: 2.5,
        values: { 'lavfi.freezedetect.freeze_end': 1.875, 'lavfi.black_start': 2.5 },
      },
      { frame: 61, time: null, values: {} },
    ]);
  });

  it('ignores text before the first header and blank input', () => {
    expect(parseFrameMetadata('')).toEqual([]);
    expect(parseFrameMetadata('lavfi.x=1\n')).toEqual([]);
  });
});
