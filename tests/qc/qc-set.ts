/**
 * The take QC test set, made with ffmpeg: clean moving clips, and clips with a flicker, a
 * jump, a frozen run, black frames and a bad join of chained clips injected at known frames.
 * Used by tests/qc and `npm run bench -- qc`. 12 fps like generated video.
 */
import { join } from 'node:path';
import { runFfmpeg } from '../../src/media/index.js';
import type { FaultKind } from '../../src/conform/qc/qc-fault.js';

/** A fault put into a clip on purpose. */
export interface InjectedFault {
  readonly kind: FaultKind;
  /** First affected frame. */
  readonly frame: number;
}

/** One clip of the set. */
export interface QcSetClip {
  readonly name: string;
  readonly path: string;
  readonly expected: readonly InjectedFault[];
  /** Joins of chained clips, for the seam detector. */
  readonly joins: readonly number[];
}

/** Options for {@link makeQcSet}. */
export interface QcSetOptions {
  readonly dir: string;
  readonly width: number;
  readonly height: number;
  /** Length of every clip, seconds (at least 3). */
  readonly seconds: number;
  /** The recipes to make (default: the injected set, {@link RECIPES}). */
  readonly recipes?: readonly Recipe[];
  /** Frame rate (default {@link FPS}); faults stay at the same frame numbers. */
  readonly fps?: number;
}

/** Frame rate of the set unless told otherwise (generated video's). */
export const FPS = 12;

/** How to make one clip of the set. */
export interface Recipe {
  readonly name: string;
  /** The picture: a lavfi source given the size (`WxH`), duration and frame rate. */
  readonly source: (size: string, seconds: number, fps: number) => string;
  /** Filter graph from [0:v] (and [1:v] when `second` is set) to [v]; `WxH` is the size. */
  readonly graph: string | ((width: number, height: number, fps: number) => string);
  readonly second?: (size: string, seconds: number, fps: number) => string;
  readonly expected: readonly InjectedFault[];
  readonly joins?: readonly number[];
}

const gradients =
  (seed: number, speed = 0.03) =>
  (size: string, seconds: number, fps: number): string =>
    `gradients=s=${size}:r=${fps}:d=${seconds}:seed=${seed}:speed=${(speed * FPS) / fps}:nb_colors=4:` +
    'c0=0x5a4632:c1=0xc8a57a:c2=0x34505e:c3=0xe6d5b0';

/** The injected set: clean moving clips and one or two faults per clip. */
export const RECIPES: readonly Recipe[] = [
  // clean clips: slow gradient drift, a test card with moving parts, a slow push-in on a still
  { name: 'clean-drift', source: gradients(3), graph: '[0:v]null[v]', expected: [] },
  {
    name: 'clean-testcard',
    source: (size, s, fps) => `testsrc2=s=${size}:r=${fps}:d=${s}`,
    graph: '[0:v]null[v]',
    expected: [],
  },
  {
    name: 'clean-pushin',
    source: gradients(5, 0.0001),
    graph: (_w, _h, fps) =>
      `[0:v]scale=iw*2:ih*2,zoompan=z='1+${(0.004 * FPS) / fps}*on':d=1:s=WxH:fps=${fps}[v]`,
    expected: [],
  },
  {
    name: 'flicker',
    source: gradients(7),
    graph: "[0:v]eq=brightness=0.12:enable='between(n,10,11)'[v]",
    expected: [{ kind: 'flicker', frame: 10 }],
  },
  {
    name: 'flicker-dark',
    source: gradients(9),
    graph: "[0:v]eq=brightness=-0.15:enable='eq(n,20)'[v]",
    expected: [{ kind: 'flicker', frame: 20 }],
  },
  {
    name: 'jump',
    source: gradients(11),
    second: gradients(12),
    graph:
      '[0:v]trim=end_frame=18[a];[1:v]trim=start_frame=18,setpts=PTS-STARTPTS[b];[a][b]concat=n=2:v=1[v]',
    expected: [{ kind: 'jump', frame: 18 }],
  },
  {
    name: 'frozen',
    source: (size, s, fps) => `testsrc2=s=${size}:r=${fps}:d=${s}`,
    graph: '[0:v]split[a][b];[a][b]freezeframes=first=12:last=23:replace=12[v]',
    expected: [{ kind: 'frozen', frame: 12 }],
  },
  {
    name: 'black',
    source: gradients(13),
    graph: "[0:v]drawbox=c=black:t=fill:enable='between(n,25,26)'[v]",
    expected: [{ kind: 'black', frame: 25 }],
  },
  {
    name: 'seam',
    source: gradients(15, 0.03),
    // the second chained clip starts from a frame 1.5 s later than where the first ended
    graph:
      '[0:v]split[x][y];[x]trim=end_frame=18[a];[y]trim=start_frame=36,setpts=PTS-STARTPTS[b];[a][b]concat=n=2:v=1[v]',
    expected: [{ kind: 'seam', frame: 18 }],
    joins: [18],
  },
  {
    name: 'black-and-flicker',
    source: gradients(17),
    graph:
      "[0:v]eq=brightness=0.15:enable='eq(n,8)',drawbox=c=black:t=fill:enable='between(n,24,24)'[v]",
    expected: [
      { kind: 'flicker', frame: 8 },
      { kind: 'black', frame: 24 },
    ],
  },
];

/** Renders the set into `dir` (H.264, yuv420p) and lists it. */
export async function makeQcSet(options: QcSetOptions): Promise<QcSetClip[]> {
  const size = `${options.width}x${options.height}`;
  const fps = options.fps ?? FPS;
  const clips: QcSetClip[] = [];
  for (const recipe of options.recipes ?? RECIPES) {
    const path = join(options.dir, `${recipe.name}-${size}-${fps}.mp4`);
    // the seam clip reads 1.5 s past the end of its first part
    const seconds = options.seconds + 2;
    const inputs = [{ source: recipe.source(size, seconds, fps), options: ['-f', 'lavfi'] }];
    if (recipe.second !== undefined) {
      inputs.push({ source: recipe.second(size, seconds, fps), options: ['-f', 'lavfi'] });
    }
    const graph = (
      typeof recipe.graph === 'string'
        ? recipe.graph
        : recipe.graph(options.width, options.height, fps)
    ).replace('WxH', size);
    await runFfmpeg({
      job: {
        inputs,
        filterComplex: `${graph};[v]format=yuv420p,trim=end_frame=${Math.round(options.seconds * fps)}[out]`,
        outputs: [
          {
            target: path,
            options: [
              '-map',
              '[out]',
              '-r',
              String(fps),
              '-c:v',
              'libx264',
              '-preset',
              'ultrafast',
              '-crf',
              '14',
            ],
          },
        ],
      },
      signal: null,
      onProgress: null,
    });
    clips.push({ name: recipe.name, path, expected: recipe.expected, joins: recipe.joins ?? [] });
  }
  return clips;
}
