import { describe, expect, it } from 'vitest';
import { ffmpegArgv } from '../../media/index.js';
import { buildSegmentJob } from './build-segment-job.js';
import { mediaWindow, mediaFrameAt } from './media-timing.js';
import type { MediaSource, OutputSettings } from './render-plan.js';

const output: OutputSettings = {
  width: 1920,
  height: 1080,
  rate: { num: 24, den: 1 },
  crf: 18,
  preset: 'medium',
};
const shot: MediaSource = {
  kind: 'media',
  clipName: 'shot',
  path: '/m/shot.mp4',
  fileIdentity: 'x',
  video: {
    width: 3072,
    height: 1728,
    sampleAspect: 1,
    rate: { num: 12, den: 1 },
    frameCount: 108,
    colorMatrix: 'bt709',
    fullRange: false,
  },
  sourceStart: 0.5,
  timeScalar: 1,
  cdl: null,
  interpolate: false,
};

describe('media timing', () => {
  it.each([
    // 12 fps from 0.5 s on 24: record frame 3 is at 0.625 s -> media frame floor(7.5) = 7.
    [shot, 3, 7],
    // Twice as fast: 0.5 + 3*2/24 = 0.75 s -> frame 9.
    [{ ...shot, timeScalar: 2 }, 3, 9],
    // Freeze: always the frame at 0.5 s.
    [{ ...shot, timeScalar: 0 }, 30, 6],
  ])('%#', (source, k, expected) => expect(mediaFrameAt(source, k, output.rate)).toBe(expected));

  it('windows the media frames a run needs, with the tick mapping', () => {
    // Frames 2..9 of the piece: media frames 7..10; 2 ticks per media frame; media frame 0
    // would be at tick (0.5 + 2/24) * 24 = 14.
    expect(mediaWindow({ source: shot, offset: 2, count: 8, timelineRate: output.rate })).toEqual({
      first: 7,
      end: 11,
      ticksPerFrame: 2,
      tickOrigin: 14,
    });
  });
});

describe('buildSegmentJob', () => {
  it('builds the exact graph and the pinned encode of a one-shot segment', () => {
    const job = buildSegmentJob({
      segment: { startFrame: 0, frameCount: 8, layers: [{ source: shot, offsetFrames: 2 }] },
      output,
      lutPath: '/luts/grade:v1.cube',
      textDir: '/cache/text',
      target: '/cache/seg.mp4',
    });
    expect(job.inputs).toEqual([{ source: '/m/shot.mp4', options: [] }]);
    expect(job.filterComplex?.split(';')).toEqual([
      "[0:v]trim=start_frame=7:end_frame=11,settb=expr=1/24,setpts='max(0,ceil((N+7)*2-14-0.000001))'," +
        'scale=1920:1080:flags=lanczos:in_color_matrix=bt709:in_range=tv:out_color_matrix=bt709:out_range=tv,format=yuv420p,' +
        'tpad=stop=8:stop_mode=clone,fps=fps=24,trim=end_frame=8,setpts=N,setsar=1[c0]',
      '[c0]scale=in_color_matrix=bt709:in_range=tv,format=gbrp,lut3d=file=/luts/grade\\\\:v1.cube:interp=tetrahedral,' +
        'scale=out_color_matrix=bt709:out_range=tv,format=yuv420p,setsar=1[vout]',
    ]);
    expect(ffmpegArgv(job).slice(5)).toEqual([
      '-map',
      '[vout]',
      '-an',
      '-c:v',
      'libx264',
      '-preset',
      'medium',
      '-crf',
      '18',
      '-profile:v',
      'high',
      '-pix_fmt',
      'yuv420p',
      '-color_primaries',
      'bt709',
      '-color_trc',
      'bt709',
      '-colorspace',
      'bt709',
      '-color_range',
      'tv',
      '-r',
      '24',
      '-frames:v',
      '8',
      '-video_track_timescale',
      '24000',
      '-f',
      'mp4',
      '/cache/seg.mp4',
    ]);
  });

  it('overlays a smaller picture centred and draws cards from text files', () => {
    const pip: MediaSource = {
      ...shot,
      video: { ...shot.video, width: 1440, height: 1080 },
      sourceStart: 0,
    };
    const job = buildSegmentJob({
      segment: {
        startFrame: 0,
        frameCount: 4,
        layers: [
          {
            source: { kind: 'offline', clipName: 'lost', reason: 'missing-file', target: '/x.mp4' },
            offsetFrames: 0,
          },
          { source: pip, offsetFrames: 0 },
        ],
      },
      output,
      lutPath: null,
      textDir: '/cache/text',
      target: '/cache/seg.mp4',
    });
    const lines = job.filterComplex?.split(';') ?? [];
    expect(lines[0]).toMatch(
      /^color=c=0x5a0000:s=1920x1080:r=24,format=gbrp,drawtext=fontfile=.*DejaVuSans-Bold\.ttf:textfile=\/cache\/text\/[0-9a-f]{24}\.txt:fontsize=110:/,
    );
    // 1440x1080 fits at its own size: no swscale pass, only the pixel format
    expect(lines[1]).toContain(',format=yuv420p,tpad=stop=4');
    expect(lines[1]).not.toContain('scale=');
    expect(lines[2]).toBe('[c0][l1]overlay=x=240:y=0:format=yuv420[c1]');
    expect(lines[3]).toBe('[c1]format=yuv420p,setsar=1[vout]');
  });

  it('leaves out the scale of a source already at the output size, BT.709 limited range', () => {
    const take = {
      ...shot,
      video: { ...shot.video, width: 1920, height: 1080, rate: { num: 24, den: 1 } },
    };
    const job = buildSegmentJob({
      segment: { startFrame: 0, frameCount: 8, layers: [{ source: take, offsetFrames: 0 }] },
      output,
      lutPath: null,
      textDir: '/cache/text',
      target: '/cache/seg.mp4',
    });
    expect(job.filterComplex?.split(';')[0]).toBe(
      "[0:v]trim=start_frame=12:end_frame=20,settb=expr=1/24,setpts='max(0,ceil((N+12)*1-12-0.000001))'," +
        'format=yuv420p,tpad=stop=8:stop_mode=clone,fps=fps=24,trim=end_frame=8,setpts=N,setsar=1[c0]',
    );
    // full range or another matrix still converts
    const fullRange = { ...take, video: { ...take.video, fullRange: true } };
    const converted = buildSegmentJob({
      segment: { startFrame: 0, frameCount: 8, layers: [{ source: fullRange, offsetFrames: 0 }] },
      output,
      lutPath: null,
      textDir: '/cache/text',
      target: '/cache/seg.mp4',
    });
    expect(converted.filterComplex).toContain(
      'scale=1920:1080:flags=lanczos:in_color_matrix=bt709:in_range=pc:out_color_matrix=bt709:out_range=tv',
    );
  });
});
