/**
 * The look test set, made with ffmpeg: shots of one scene around a reference look (the same
 * earthy palette, different layouts), some with a known colour cast, and a deliberately
 * different night shot that opts out. Used by tests/look and `npm run bench -- look`.
 */
import { join } from 'node:path';
import { runFfmpeg } from '../../src/media/index.js';

/** One clip of the set. */
export interface LookSetClip {
  readonly shotId: string;
  readonly path: string;
  /** What was done to it. */
  readonly cast: 'none' | 'warm' | 'cold' | 'lifted blacks' | 'desaturated' | 'night';
  readonly optOut: boolean;
}

/** Options for {@link makeLookSet}. */
export interface LookSetOptions {
  readonly dir: string;
  readonly width: number;
  readonly height: number;
  readonly seconds: number;
}

// The casts, as ffmpeg filters on RGB.
const CASTS: Readonly<Record<LookSetClip['cast'], string>> = {
  none: 'null',
  warm: 'colorchannelmixer=rr=1.12:bb=0.82',
  cold: 'colorchannelmixer=rr=0.85:gg=0.97:bb=1.15',
  'lifted blacks': "lutrgb=r='val*0.85+26':g='val*0.85+26':b='val*0.85+26'",
  desaturated: 'hue=s=0.5',
  night: "lutrgb=r='val*0.3':g='val*0.35':b='val*0.5+12'",
};

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
  for (const [shotId, cast, seed] of PLAN) {
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
