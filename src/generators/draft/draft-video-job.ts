/**
 * The draft video: the still with a slow camera move (zoompan), at the generated frame rate and
 * exactly the asked number of frames, H.264.
 */
import { intermediateH264Options } from '../intermediate-h264-options.js';
import type { FfmpegJob } from '../../media/index.js';
import type { CameraMove } from './camera-move.js';

/** Options for {@link draftVideoJob}. */
export interface DraftVideoJobOptions {
  readonly image: string;
  readonly width: number;
  readonly height: number;
  readonly fps: number;
  readonly frames: number;
  readonly move: CameraMove;
  readonly output: string;
}

/** Zoom per second of a push-in or pull-out (1%/s: a 10 s clip ends at 1.1x). */
const ZOOM_RATE = 0.01;
/** Never closer than this, however long the clip. */
const ZOOM_MAX = 1.1;
/** Zoom held during pans and tilts, so there is picture to move over (the card's safe area is 10%). */
const PAN_ZOOM = 1.08;
/** The still is enlarged this much first, so zoompan's whole-pixel steps do not judder. */
const OVERSAMPLE = 3;

/** zoompan's z, x, y expressions for a move over `frames` frames. */
export function zoompanExpressions(options: { move: CameraMove; frames: number; fps: number }): {
  z: string;
  x: string;
  y: string;
} {
  const { move, frames, fps } = options;
  const last = Math.max(1, frames - 1);
  const centreX = 'iw/2-(iw/zoom/2)';
  const centreY = 'ih/2-(ih/zoom/2)';
  switch (move) {
    case 'push-in':
      return { z: `min(1+${ZOOM_RATE}*on/${fps},${ZOOM_MAX})`, x: centreX, y: centreY };
    case 'pull-out':
      return { z: `min(1+${ZOOM_RATE}*(${last}-on)/${fps},${ZOOM_MAX})`, x: centreX, y: centreY };
    case 'pan-left':
      return { z: `${PAN_ZOOM}`, x: `(iw-iw/zoom)*(1-on/${last})`, y: centreY };
    case 'pan-right':
      return { z: `${PAN_ZOOM}`, x: `(iw-iw/zoom)*on/${last}`, y: centreY };
    case 'tilt-up':
      return { z: `${PAN_ZOOM}`, x: centreX, y: `(ih-ih/zoom)*(1-on/${last})` };
    case 'tilt-down':
      return { z: `${PAN_ZOOM}`, x: centreX, y: `(ih-ih/zoom)*on/${last}` };
    case 'static':
      return { z: '1', x: '0', y: '0' };
    default: {
      const never: never = move;
      throw new Error(`unknown camera move ${String(never)}`);
    }
  }
}

/** The ffmpeg job for the draft video. */
export function draftVideoJob(options: DraftVideoJobOptions): FfmpegJob {
  const { width, height, fps, frames } = options;
  const e = zoompanExpressions({ move: options.move, frames, fps });
  const graph =
    `[0:v]scale=${width * OVERSAMPLE}:${height * OVERSAMPLE}:flags=lanczos,` +
    `zoompan=z='${e.z}':x='${e.x}':y='${e.y}':d=${frames}:s=${width}x${height}:fps=${fps},` +
    `format=yuv420p[v]`;
  return {
    inputs: [{ source: options.image, options: [] }],
    filterComplex: graph,
    outputs: [
      {
        target: options.output,
        options: intermediateH264Options({ fps, frames, preset: 'veryfast', crf: 20 }),
      },
    ],
  };
}
