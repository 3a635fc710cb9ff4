/**
 * Hard negatives (and two faults hidden in them) for take QC, made with ffmpeg at any size:
 * footage a detector that averages the whole frame gets wrong. Clean clips must get no fault;
 * the faulty ones must be found within 2 frames. Used by tests/qc and `npm run bench -- qc`.
 *
 * Everything that moves is given in source pixels per frame, so at 1920x1080 the small subject
 * still moves 2 px a frame (a third of a block of the QC grid).
 */
import type { Recipe } from './qc-set.js';
import { FPS } from './qc-set.js';

const PALETTE = 'c0=0x8a7a64:c1=0xb8a888:c2=0x6a7a80:c3=0xa09070';
const NIGHT = 'c0=0x1c2436:c1=0x2c3850:c2=0x141a28:c3=0x3a4660';

const dims = (size: string): [number, number] => {
  const [w, h] = size.split('x').map(Number);
  return [w ?? 0, h ?? 0];
};

/** A gradient picture `scale` times the frame's width (for pans), drifting at `speed`. */
const gradients =
  (seed: number, options: { speed: number; widthScale: number; colours: string }) =>
  (size: string, seconds: number, fps: number): string => {
    const [w, h] = dims(size);
    const width = 2 * Math.round((w * options.widthScale) / 2);
    return (
      `gradients=s=${width}x${h}:r=${fps}:d=${seconds}:seed=${seed}:speed=${(options.speed * FPS) / fps}:` +
      `nb_colors=4:${options.colours}`
    );
  };

/** The first frame held for the whole clip, with a fixed grain-like texture (a locked-off shot). */
const hold = (fps: number): string =>
  `trim=end_frame=1,loop=loop=-1:size=1,setpts=N/${fps}/TB,noise=alls=8:allf=u`;

/** A held picture with structure to move over (walls and windows): a grid on the gradients. */
const scenery = (w: number, h: number, fps: number): string =>
  `${hold(fps)},drawgrid=w=${Math.round(w / 9)}:h=${Math.round(h / 5)}:t=${Math.max(2, Math.round(w / 200))}:c=0x40342a@0.7,noise=alls=10:allf=u`;

/** A dark subject covering `share` of the frame, moving 2 px a frame from left of centre. */
function subject(share: number, colour: string) {
  return (w: number, h: number, fps: number): string => {
    const side = 2 * Math.round(Math.sqrt(share * w * h) / 2);
    const x0 = Math.round(w * 0.3);
    const y0 = Math.round(h * 0.55);
    return `color=c=${colour}:s=${side}x${side}:r=${fps}[s];[bg][s]overlay=x='${x0}+2*n':y=${y0}:shortest=1`;
  };
}

const wide =
  (share: number, grain: boolean) =>
  (w: number, h: number, fps: number): string =>
    `[0:v]${hold(fps)}[bg];${subject(share, '0x262626')(w, h, fps)}` +
    `${grain ? ',noise=alls=12:allf=t' : ''}[v]`;

/** The clean hard negatives. */
export const HARD_NEGATIVES: readonly Recipe[] = [
  ...[0.04, 0.01, 0.0025].map((share): Recipe => ({
    name: `wide-subject-${share * 100}pc`,
    source: gradients(21, { speed: 0.01, widthScale: 1, colours: PALETTE }),
    graph: wide(share, false),
    expected: [],
  })),
  ...[0.01, 0.0025].map((share): Recipe => ({
    name: `wide-subject-${share * 100}pc-grain`,
    source: gradients(22, { speed: 0.01, widthScale: 1, colours: PALETTE }),
    graph: wide(share, true),
    expected: [],
  })),
  {
    // 24 px a frame at 640 wide, across a still textured picture three frames wide
    name: 'fast-pan',
    source: gradients(23, { speed: 0.01, widthScale: 3, colours: PALETTE }),
    graph: (w, h, fps) =>
      `[0:v]${scenery(w, h, fps)},crop=${w}:${h}:x='n*${(24 * w * FPS) / (640 * fps)}':y=0[v]`,
    expected: [],
  },
  {
    // a slow pan, then two frame widths in half a second (eased, motion blur), then slow again
    name: 'whip-pan',
    source: gradients(24, { speed: 0.01, widthScale: 3.2, colours: PALETTE }),
    graph: (w, h, fps) =>
      `[0:v]${scenery(w, h, fps)},crop=${w}:${h}:` +
      `x='n*${(3 * w * FPS) / (640 * fps)}+${w}*(1-cos(PI*clip((n-12)/${(6 * fps) / FPS},0,1)))':y=0,tmix=frames=3,` +
      `noise=alls=6:allf=t[v]`,
    expected: [],
  },
  {
    // a slow fade toward black that stops at a dark grey, on drifting light
    name: 'fade-short-of-black',
    source: gradients(25, { speed: 0.02, widthScale: 1, colours: PALETTE }),
    graph:
      "[0:v]eq=eval=frame:brightness='-0.2*clip(t/2.5,0,1)':contrast='1-0.6*clip(t/2.5,0,1)'[v]",
    expected: [],
  },
  {
    // a dark street: dark blues, a small light moving 2 px a frame, sensor noise
    name: 'night',
    source: gradients(26, { speed: 0.005, widthScale: 1, colours: NIGHT }),
    graph: (w, h, fps) =>
      `[0:v]null[bg];${subject(0.005, '0xc8b078')(w, h, fps)},noise=alls=5:allf=t[v]`,
    expected: [],
  },
  {
    // a room light coming on over four frames and staying on
    name: 'light-on',
    source: gradients(27, { speed: 0.01, widthScale: 1, colours: NIGHT }),
    graph: "[0:v]eq=eval=frame:brightness='0.12*clip((n-18)/4,0,1)'[v]",
    expected: [],
  },
  {
    // a hand-held camera on a locked scene: a few pixels of shake every frame
    name: 'camera-shake',
    source: gradients(28, { speed: 0.01, widthScale: 1.2, colours: PALETTE }),
    graph: (w, h, fps) => {
      const s = w / 640;
      return (
        `[0:v]${scenery(w, h, fps)},scale=iw:${Math.round(h * 1.1)},` +
        `crop=${w}:${h}:x='${0.08 * w}+${s}*(4*sin(n*1.9)+3*sin(n*3.3))':` +
        `y='${0.05 * h}+${s}*(3*sin(n*2.3)+2*sin(n*4.1))'[v]`
      );
    },
    expected: [],
  },
];

/** Faults hidden where the hard negatives make them hard to see. */
export const HARD_FAULTS: readonly Recipe[] = [
  {
    // the picture freezes for a second, the grain added after it does not
    name: 'frozen-under-grain',
    source: gradients(31, { speed: 0.03, widthScale: 1, colours: PALETTE }),
    graph:
      '[0:v]split[a][b];[a][b]freezeframes=first=12:last=23:replace=12,noise=alls=12:allf=t[v]',
    expected: [{ kind: 'frozen', frame: 12 }],
  },
  {
    // a locked-off wide with a small moving subject whose picture freezes, under grain
    name: 'frozen-wide-grain',
    source: gradients(32, { speed: 0.01, widthScale: 1, colours: PALETTE }),
    graph: (w, h, fps) =>
      `[0:v]${hold(fps)}[bg];${subject(0.01, '0x262626')(w, h, fps)},split[a][b];` +
      '[a][b]freezeframes=first=12:last=23:replace=12,noise=alls=12:allf=t[v]',
    expected: [{ kind: 'frozen', frame: 12 }],
  },
];
