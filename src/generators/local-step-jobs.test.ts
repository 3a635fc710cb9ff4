import { describe, expect, it } from 'vitest';
import { degradedTakeJob, joinClipsJob } from './local-step-jobs.js';

describe('joinClipsJob', () => {
  const join = (keepFirstFrameOf: number[]) =>
    joinClipsJob({
      videos: ['a.mp4', 'b.mp4', 'c.mp4'],
      fps: 16,
      frames: 300,
      dropFirstFrameOfChained: true,
      keepFirstFrameOf,
      output: 'out.mp4',
    }).filterComplex;

  it('drops the repeated first frame of each chained clip', () => {
    expect(join([])).toBe(
      '[0:v]setpts=PTS-STARTPTS[s0];[1:v]trim=start_frame=1,setpts=PTS-STARTPTS[s1];[2:v]trim=start_frame=1,setpts=PTS-STARTPTS[s2];[s0][s1][s2]concat=n=3:v=1:a=0,fps=16,format=yuv420p[v]',
    );
  });

  it('keeps frame 0 of a clip that does not start on the previous last frame', () => {
    expect(join([2])).toBe(
      '[0:v]setpts=PTS-STARTPTS[s0];[1:v]trim=start_frame=1,setpts=PTS-STARTPTS[s1];[2:v]setpts=PTS-STARTPTS[s2];[s0][s1][s2]concat=n=3:v=1:a=0,fps=16,format=yuv420p[v]',
    );
  });
});

describe('degradedTakeJob', () => {
  it('conforms the rate, cuts the window and scales to the delivery size', () => {
    const job = degradedTakeJob({
      video: 'video.mp4',
      fps: 12,
      window: { start: 0, end: 36 },
      width: 3072,
      height: 1728,
      output: 'take.mp4',
    });
    expect(job.filterComplex).toBe(
      '[0:v]fps=12,trim=start_frame=0:end_frame=36,setpts=PTS-STARTPTS,scale=3072:1728:flags=lanczos:force_original_aspect_ratio=increase,crop=3072:1728,format=yuv420p[v]',
    );
    expect(job.outputs[0]?.options).toContain('12');
  });
});
