import { describe, expect, it } from 'vitest';
import type { ShotSpec } from '../shots/shot-spec.js';
import { draftTemplateResolver } from './draft/draft-templates.js';
import { framesForShot, planShot, segmentFrames, trainedSizeFor } from './plan-shot.js';

const spec: ShotSpec = {
  shotId: 'sc06a',
  clipName: 'sc06a',
  scene: '6',
  prompt: 'Italy, 1939, a rural dirt road',
  negativePrompt: '',
  motion: 'slow pan right',
  videoNegativePrompt: 'watermark',
  seed: 331831932758698,
  seedGroup: 'mountain landscapes',
  lora: null,
  durationFrames: 96,
  durationRate: 24,
  fps: 12,
  width: 768,
  height: 432,
  upscaleFactor: 4,
  templates: { still: null, video: null, upscale: null },
  regen: 0,
};

const plan = (s: ShotSpec, maxVideoSeconds = 10, upscaleHandles = 12) =>
  planShot({ spec: s, templates: draftTemplateResolver, maxVideoSeconds, upscaleHandles });

const keysByKind = (s: ShotSpec) =>
  Object.fromEntries(plan(s).steps.map((step) => [step.kind, step.key]));

describe('planShot', () => {
  it('plans still -> video -> upscale with inputs chained by key', () => {
    const p = plan(spec);
    expect(p.steps.map((s) => s.kind)).toEqual(['still', 'video', 'upscale']);
    const [still, video, upscale] = p.steps;
    expect(video?.inputs).toEqual({ image: still?.key });
    expect(upscale?.inputs).toEqual({ video: video?.key });
    expect(p.finalKey).toBe(upscale?.key);
    // 96 frames at 24 fps = 4 s = 48 frames at 12 fps
    expect(p.frames).toBe(48);
    expect(video?.params['frames']).toBe(48);
  });

  it('gives the upscale the range of the clip the cut uses and the handles', () => {
    const upscale = (p: ReturnType<typeof plan>) => p.steps.find((s) => s.kind === 'upscale');
    // 4 s at 12 fps: the cut uses frames 0..47 of the generated clip
    expect(upscale(plan(spec))?.params).toMatchObject({
      trimStart: 0,
      trimFrames: 48,
      handles: 12,
    });
    // a chained shot: the range is the joined clip's, all of it
    expect(upscale(plan({ ...spec, durationFrames: 24 * 25 }))?.params).toMatchObject({
      trimStart: 0,
      trimFrames: 300,
    });
    // other handles: the upscale is another picture (another key); still, video and look stay
    const other = plan(spec, 10, 4);
    expect(upscale(other)?.params['handles']).toBe(4);
    expect(other.finalKey).not.toBe(plan(spec).finalKey);
    expect(other.steps.slice(0, 2)).toEqual(plan(spec).steps.slice(0, 2));
    expect(other.lookKey).toBe(plan(spec).lookKey);
  });

  it('is a pure function: the same spec gives the same keys', () => {
    expect(plan(spec)).toEqual(plan({ ...spec }));
  });

  it.each([
    // only the motion text: the still is kept, video and upscale re-run
    ['motion', { motion: 'slow push in' }, { still: true, video: false, upscale: false }],
    // the prompt changes everything
    [
      'prompt',
      { prompt: 'Italy, 1944, a village' },
      { still: false, video: false, upscale: false },
    ],
    // the seed changes everything
    ['seed', { seed: 1 }, { still: false, video: false, upscale: false }],
    // a longer shot keeps the still
    ['duration', { durationFrames: 120 }, { still: true, video: false, upscale: false }],
    // a regenerate request is a new take from the still on
    ['regen', { regen: 1 }, { still: false, video: false, upscale: false }],
    // the upscale factor only touches the upscale
    ['factor', { upscaleFactor: 2 }, { still: true, video: true, upscale: false }],
  ] as const)('changing %s keeps exactly the expected steps', (_name, change, kept) => {
    const before = keysByKind(spec);
    const after = keysByKind({ ...spec, ...change });
    expect({
      still: before['still'] === after['still'],
      video: before['video'] === after['video'],
      upscale: before['upscale'] === after['upscale'],
    }).toEqual(kept);
  });

  it('does not key on the shot id beyond the card label', () => {
    // the same request under another id differs only because the draft card shows the id
    const other = plan({ ...spec, shotId: 'x' });
    expect(other.steps[0]?.params['label']).toBe('x');
  });

  it('chains a shot longer than one clip on the last frame, then joins', () => {
    // 25 s at 12 fps = 300 frames; max 10 s = 120 frames per clip
    const p = plan({ ...spec, durationFrames: 600 });
    expect(p.steps.map((s) => s.kind)).toEqual([
      'still',
      'video',
      'last-frame',
      'video',
      'last-frame',
      'video',
      'join',
      'upscale',
    ]);
    const videos = p.steps.filter((s) => s.kind === 'video');
    expect(videos.map((v) => v.params['frames'])).toEqual([120, 120, 62]);
    const lastFrames = p.steps.filter((s) => s.kind === 'last-frame');
    expect(lastFrames[0]?.inputs).toEqual({ video: videos[0]?.key });
    expect(videos[1]?.inputs).toEqual({ image: lastFrames[0]?.key });
    const join = p.steps.find((s) => s.kind === 'join');
    expect(join?.joinInputs).toEqual(videos.map((v) => v.key));
    expect(join?.params['frames']).toBe(300);
  });
});

describe('segmentFrames', () => {
  it.each([
    // fits in one clip
    [48, 120, [48]],
    // exactly one clip
    [120, 120, [120]],
    // one frame over: the second clip repeats the last frame and adds one
    [121, 120, [120, 2]],
    // 119 + 119 contributed by chained clips
    [358, 120, [120, 120, 120]],
  ])('%i frames with at most %i per clip -> %j', (total, maxFrames, expected) => {
    const segments = segmentFrames({ total, maxFrames });
    expect(segments).toEqual(expected);
    // what the join keeps adds up to the total
    expect(segments.reduce((sum, n, i) => sum + (i === 0 ? n : n - 1), 0)).toBe(total);
  });
});

describe('framesForShot', () => {
  it.each([
    // 37 frames at 24 fps = 1.5417 s -> 18.5 frames at 12 fps, rounded up to cover the cut
    [37, 24, 12, 19],
    [24, 24, 12, 12],
    // 23.976 timeline: 1000 frames = 1000 * 1001 / 24000 = 41.708 s -> 500.5 -> 501 at 12
    [1000, 24000 / 1001, 12, 501],
  ])(
    '%i frames at %f fps, generated at %i fps -> %i frames',
    (durationFrames, durationRate, fps, expected) => {
      expect(framesForShot({ durationFrames, durationRate, fps })).toBe(expected);
    },
  );
});

describe('planShot and the video model text limit', () => {
  const limited =
    (limit: number | null) => (stage: 'still' | 'video' | 'upscale', requested: string | null) => ({
      ...draftTemplateResolver(stage, requested),
      promptTokenLimit: stage === 'video' ? limit : null,
    });
  const long = { ...spec, prompt: `Italy, 1944, ${'a very long description '.repeat(60)}` };

  it('shortens a video prompt over the limit, motion first, and warns naming the shot', () => {
    const p = planShot({
      spec: long,
      templates: limited(226),
      maxVideoSeconds: 10,
      upscaleHandles: 12,
    });
    const video = p.steps.find((s) => s.kind === 'video');
    expect(String(video?.params['prompt']).startsWith('slow pan right Italy, 1944, a very')).toBe(
      true,
    );
    expect(p.warnings).toHaveLength(1);
    expect(p.warnings[0]).toMatch(
      /^shot sc06a: the video prompt is about \d+ tokens, over the 226 that template "draft-video" takes; shortened \(motion first\) by leaving out "/,
    );
    // the still keeps the whole prompt (FLUX reads up to 512 T5 tokens)
    expect(p.steps[0]?.params['prompt']).toBe(long.prompt);
  });

  it('leaves a prompt that fits as it was, without a warning', () => {
    const p = planShot({ spec, templates: limited(226), maxVideoSeconds: 10, upscaleHandles: 12 });
    expect(p.steps.find((s) => s.kind === 'video')?.params['prompt']).toBe(
      'Italy, 1939, a rural dirt road slow pan right',
    );
    expect(p.warnings).toEqual([]);
  });
});

describe('trainedSizeFor (CogVideoX 1.5: short edge 768, long edge up to 1360, multiples of 16)', () => {
  const trained = { shortEdge: 768, longEdgeMax: 1360, multiple: 16 };
  it.each([
    // 16:9 at any size: the trained 1360x768
    [768, 432, 1360, 768],
    [3072, 1728, 1360, 768],
    // 4:3: 1024x768
    [1024, 768, 1024, 768],
    // scope 2.39:1: the longest trained edge (the template center-crops)
    [1920, 804, 1360, 768],
    // portrait 9:16
    [432, 768, 768, 1360],
    // square
    [512, 512, 768, 768],
  ])('%ix%i -> %ix%i', (width, height, w, h) =>
    expect(trainedSizeFor({ width, height, trained })).toEqual({ width: w, height: h }),
  );

  it('keeps the size when the model names none', () => {
    expect(trainedSizeFor({ width: 768, height: 432, trained: null })).toEqual({
      width: 768,
      height: 432,
    });
  });
});
