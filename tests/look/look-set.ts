/**
 * The look test set, made with ffmpeg: shots of one scene around a reference look (the same
 * earthy palette, different layouts), some with a known colour cast, and a deliberately
 * different night shot that opts out. Used by tests/look and `npm run bench -- look`.
 */
import { join } from 'node:path';
import { runFfmpeg } from '../../src/media/index.js';

// The casts, as ffmpeg filters on RGB.
const CASTS = {
  none: 'null',
  warm: 'colorchannelmixer=rr=1.12:bb=0.82',
  cold: 'colorchannelmixer=rr=0.85:gg=0.97:bb=1.15',
  'lifted blacks': "lutrgb=r='val*0.85+26':g='val*0.85+26':b='val*0.85+26'",
  desaturated: 'hue=s=0.5',
  night: "lutrgb=r='val*0.3':g='val*0.35':b='val*0.5+12'",
  // a trace of warmth: a shot already near the reference (inside the dead band)
  'trace warm': 'colorchannelmixer=rr=1.015:bb=0.985',
  // the same casts, weaker
  'weak warm': 'colorchannelmixer=rr=1.05:bb=0.92',
  'weak cold': 'colorchannelmixer=rr=0.93:bb=1.07',
  'weak lifted blacks': "lutrgb=r='val*0.93+13':g='val*0.93+13':b='val*0.93+13'",
  'weak desaturated': 'hue=s=0.75',
  // combined casts: lifted blacks, a tint and lowered saturation at once, and two others
  'lifted + warm + desaturated':
    "hue=s=0.65,lutrgb=r='val*0.85+32':g='val*0.85+26':b='val*0.85+16'",
  'crushed + cold':
    "colorchannelmixer=rr=0.88:gg=0.98:bb=1.12,lutrgb=r='max(val*1.12-22,0)':g='max(val*1.12-22,0)':b='max(val*1.12-22,0)'",
  'dark + warm + saturated': 'hue=s=1.35,colorchannelmixer=rr=0.98:gg=0.85:bb=0.72',
  'faded + green': "hue=s=0.7,lutrgb=r='val*0.9+14':g='val*0.9+24':b='val*0.9+12'",
} as const;

/** One clip of the set. */
export interface LookSetClip {
  readonly shotId: string;
  readonly path: string;
  /** What was done to it. */
  readonly cast: keyof typeof CASTS;
  readonly optOut: boolean;
}

/** Options for {@link makeLookSet}. */
export interface LookSetOptions {
  readonly dir: string;
  readonly width: number;
  readonly height: number;
  readonly seconds: number;
  /**
   * `basic`: two clean shots, one of each cast and a night shot (tests); `extended`: also the
   * casts at a weaker strength and four combined casts (the bench).
   */
  readonly plan?: 'basic' | 'extended';
}

const EXTENDED: readonly [string, LookSetClip['cast'], number][] = [
  ['1h', 'weak warm', 83],
  ['1i', 'weak cold', 89],
  ['1j', 'weak lifted blacks', 97],
  ['1k', 'weak desaturated', 101],
  ['1l', 'lifted + warm + desaturated', 103],
  ['1m', 'crushed + cold', 107],
  ['1n', 'dark + warm + saturated', 109],
  ['1o', 'faded + green', 113],
  ['1p', 'trace warm', 11],
];

const PLAN: readonly [string, LookSetClip['cast'], number][] = [
  ['1a', 'none', 11],
  ['1b', 'none', 23],
  ['1c', 'warm', 37],
  ['1d', 'cold', 41],
  ['1e', 'lifted blacks', 53],
  ['1f', 'desaturated', 67],
  ['1g', 'night', 79],
];

/** Renders the set into `dir` (H.264, yuv420p, 12 fps) and lists it. */
export async function makeLookSet(options: LookSetOptions): Promise<LookSetClip[]> {
  const clips: LookSetClip[] = [];
  const plan = options.plan === 'extended' ? [...PLAN, ...EXTENDED] : PLAN;
  for (const [shotId, cast, seed] of plan) {
    const path = join(options.dir, `shot-${shotId}.mp4`);
    const source =
      `gradients=s=${options.width}x${options.height}:r=12:d=${options.seconds}:seed=${seed}:speed=0.02:` +
      'nb_colors=5:c0=0x5a4632:c1=0xc8a57a:c2=0x34505e:c3=0xe6d5b0:c4=0x7a8a5a';
    await runFfmpeg({
      job: {
        inputs: [{ source, options: ['-f', 'lavfi'] }],
        filterComplex: `[0:v]format=gbrp,${CASTS[cast]},format=yuv420p[v]`,
        outputs: [
          {
            target: path,
            options: ['-map', '[v]', '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '12'],
          },
        ],
      },
      signal: null,
      onProgress: null,
    });
    clips.push({ shotId, path, cast, optOut: cast === 'night' });
  }
  return clips;
}
