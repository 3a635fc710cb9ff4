import { describe, expect, it } from 'vitest';
import { cameraMoveFromMotion } from './camera-move.js';
import { draftUpscaleSize } from './draft-upscale-job.js';
import { draftVideoJob, zoompanExpressions } from './draft-video-job.js';
import { escapeFilterValue } from './filter-escape.js';
import { shotColour } from './shot-colour.js';
import { wrapText } from './wrap-text.js';

describe('cameraMoveFromMotion', () => {
  it.each([
    ['slow pan right across the ruined street', 'pan-right'],
    ['slow pan left, the old car approaches', 'pan-left'],
    ['camera tracks back as he walks toward the viewer', 'pull-out'],
    ['slow tilt down to the roadblock', 'tilt-down'],
    ['locked-off close-up, static camera, he speaks', 'static'],
    ['slow push in over his shoulder', 'push-in'],
    // nothing said: a slow push-in
    ['', 'push-in'],
  ])('%s -> %s', (motion, move) => {
    expect(cameraMoveFromMotion(motion)).toBe(move);
  });
});

describe('draftVideoJob', () => {
  it('builds the exact graph and asks for exactly the frames of the shot', () => {
    const job = draftVideoJob({
      image: '/s.png',
      width: 768,
      height: 432,
      fps: 12,
      frames: 48,
      move: 'push-in',
      output: '/v.mp4',
    });
    expect(job.filterComplex).toBe(
      "[0:v]scale=2304:1296:flags=lanczos,zoompan=z='min(1+0.01*on/12,1.1)':x='iw/2-(iw/zoom/2)':y='ih/2-(ih/zoom/2)':d=48:s=768x432:fps=12,format=yuv420p[v]",
    );
    expect(job.outputs[0]?.options.slice(0, 6)).toEqual([
      '-map',
      '[v]',
      '-frames:v',
      '48',
      '-r',
      '12',
    ]);
  });

  it('pans over the whole frame from one side to the other', () => {
    // first frame at x = 0, last (on = 47) at x = iw - iw/zoom
    expect(zoompanExpressions({ move: 'pan-right', frames: 48, fps: 12 }).x).toBe(
      '(iw-iw/zoom)*on/47',
    );
  });
});

describe('draftUpscaleSize', () => {
  it.each([
    // x4 of 768x432 is capped at the render size
    [
      { width: 3072, height: 1728 },
      { width: 1920, height: 1080 },
    ],
    // small sizes are kept
    [
      { width: 256, height: 144 },
      { width: 256, height: 144 },
    ],
  ])('%j -> %j', (asked, size) => {
    expect(draftUpscaleSize(asked)).toEqual(size);
  });
});

describe('wrapText', () => {
  it('wraps at word boundaries and marks a cut with an ellipsis', () => {
    expect(
      wrapText({ text: 'Italy, 1944, a wide desolate view of Turin', width: 14, maxLines: 2 }),
    ).toEqual(['Italy, 1944, a', 'wide desolate…']);
  });
});

describe('escapeFilterValue', () => {
  it('escapes for the option level, then the graph level', () => {
    // option level: ' and : get a backslash; graph level: those backslashes and , get one more
    expect(escapeFilterValue("/p a:b'c,d.txt")).toBe("/p a\\\\:b\\\\\\'c\\,d.txt");
  });
});

describe('shotColour', () => {
  it('gives neighbouring scenes different hues and the shots of a scene different lightness', () => {
    const colours = ['1', '2', '3', '4', '5', '6', '7'].map((scene) =>
      shotColour({ label: `sc0${scene}`, scene }),
    );
    expect(new Set(colours).size).toBe(7);
    const sixes = ['sc06a', 'sc06b', 'sc06c'].map((label) => shotColour({ label, scene: '6' }));
    expect(new Set(sixes).size).toBe(3);
    // stable: the same shot, the same colour
    expect(shotColour({ label: 'sc06b', scene: '6' })).toBe(sixes[1]);
  });
});
