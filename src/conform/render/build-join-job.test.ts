import { describe, expect, it } from 'vitest';
import { ffmpegArgv } from '../../media/index.js';
import { buildJoinJob, concatList } from './build-join-job.js';
import { masterProblems } from './verify-master.js';
import type { RenderPlan } from './render-plan.js';

describe('join', () => {
  it('lists segments for the concat demuxer, quoting single quotes', () => {
    expect(concatList(['/c/a.mp4', "/c/it's.mp4"])).toBe(
      "ffconcat version 1.0\nfile '/c/a.mp4'\nfile '/c/it'\\''s.mp4'\n",
    );
  });

  it('copies the joined video and the full-length audio, faststart, AI disclosure', () => {
    const job = buildJoinJob({
      listPath: '/c/j.ffconcat',
      audioPath: '/c/a.m4a',
      output: {
        width: 1920,
        height: 1080,
        rate: { num: 24000, den: 1001 },
        crf: 18,
        preset: 'medium',
      },
      target: '/o/m.mp4',
    });
    expect(ffmpegArgv(job)).toEqual([
      '-f',
      'concat',
      '-safe',
      '0',
      '-i',
      '/c/j.ffconcat',
      '-i',
      '/c/a.m4a',
      '-y',
      '-map',
      '0:v:0',
      '-map',
      '1:a:0',
      '-c',
      'copy',
      '-video_track_timescale',
      '24000',
      '-movflags',
      '+faststart',
      '-metadata',
      'comment=Contains AI-generated material (made with libero).',
      '-f',
      'mp4',
      '/o/m.mp4',
    ]);
  });
});

describe('masterProblems', () => {
  const plan = {
    output: { width: 160, height: 90, rate: { num: 24, den: 1 }, crf: 18, preset: 'medium' },
    frameCount: 48,
  } as RenderPlan;
  const stream = {
    index: 0,
    kind: 'video' as const,
    codec: 'h264',
    profile: 'High',
    width: 160,
    height: 90,
    pixFmt: 'yuv420p',
    frameRate: { num: 24, den: 1 },
    frameCount: 48,
    duration: 2,
    sampleRate: null,
    channels: null,
    colorPrimaries: 'bt709',
    colorTransfer: 'bt709',
    colorSpace: 'bt709',
    colorRange: 'tv',
    sampleAspect: 1,
  };
  const audio = {
    ...stream,
    index: 1,
    kind: 'audio' as const,
    codec: 'aac',
    profile: 'LC',
    sampleRate: 48_000,
    channels: 2,
    frameCount: 94,
  };
  const probed = {
    path: '/m.mp4',
    formatName: 'mp4',
    duration: 2,
    tags: {},
    streams: [stream, audio],
  };

  it('passes a right master', () =>
    expect(masterProblems({ probed, plan, stderr: '' })).toEqual([]));

  it('names a short master, a wrong profile and a timestamp repair at a join', () => {
    expect(
      masterProblems({
        probed: {
          ...probed,
          streams: [{ ...stream, frameCount: 47, profile: 'Constrained Baseline' }, audio],
        },
        plan,
        stderr:
          '[mp4 @ 0x1] Non-monotonous DTS in output stream 0:0; previous: 5, current: 5; changing to 6.',
      }),
    ).toEqual([
      '47 video frames instead of 48',
      'video is h264 Constrained Baseline, not H.264 High',
      'timestamps repaired at a join',
    ]);
  });
});
