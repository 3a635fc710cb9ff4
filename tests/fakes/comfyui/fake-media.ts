/**
 * What the fake's nodes compute: the shape of each node's output (size, frame count, fps)
 * and, for output nodes, real media written with ffmpeg through src/media.
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { probeMedia, runFfmpeg } from '../../../src/media/index.js';

/** A node's output as far as the fake cares. */
export interface Shape {
  width: number;
  height: number;
  frames: number;
  fps: number;
  /** Frame 0 is not the source's (CogVideoX through the wrapper dropping a first latent). */
  firstFrameOff?: boolean;
  /** A real file behind the frames (an uploaded still or clip), with the first frame to use. */
  source: {
    path: string;
    kind: 'image' | 'video';
    skip: number;
    /** VHS_LoadVideo `force_rate`: the clip resampled to this rate before `skip` (0: as is). */
    forceRate?: number;
  } | null;
}

const even = (n: number): number => Math.max(16, 2 * Math.round(n / 2));

/** Scales a size asked for by the workflow (the fake renders small in tests). */
export function scaledSize(
  width: number,
  height: number,
  scale: number,
): { width: number; height: number } {
  return { width: even(width * scale), height: even(height * scale) };
}

/** Reads an uploaded still or clip. */
export async function probeShape(path: string, kind: 'image' | 'video'): Promise<Shape> {
  const probed = await probeMedia(path);
  const video = probed.streams.find((s) => s.kind === 'video');
  const rate = video?.frameRate ?? null;
  return {
    width: video?.width ?? 0,
    height: video?.height ?? 0,
    frames: kind === 'image' ? 1 : (video?.frameCount ?? 0),
    fps: rate === null || rate.den === 0 ? 12 : rate.num / rate.den,
    source: { path, kind, skip: 0 },
  };
}

/** Writes a PNG of the shape (a test pattern: the fake has no model). */
export async function writeImage(path: string, shape: Shape): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await runFfmpeg({
    job: {
      inputs: [
        { source: `testsrc2=size=${shape.width}x${shape.height}:rate=1`, options: ['-f', 'lavfi'] },
      ],
      filterComplex: null,
      outputs: [{ target: path, options: ['-frames:v', '1', '-update', '1'] }],
    },
    signal: null,
    onProgress: null,
  });
}

/**
 * Writes an H.264 mp4 of `shape.frames` frames at `fps`: the uploaded clip's frames scaled
 * (upscale), the uploaded still held (image to video), or a test pattern.
 */
export async function writeVideo(path: string, shape: Shape, fps: number): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const size = `${shape.width}:${shape.height}`;
  const encode = [
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-pix_fmt',
    'yuv420p',
    '-r',
    String(fps),
  ];
  const src = shape.source;
  const job =
    src === null
      ? {
          inputs: [
            {
              source: `testsrc2=size=${shape.width}x${shape.height}:rate=${fps}`,
              options: ['-f', 'lavfi'],
            },
          ],
          filterComplex: null,
          outputs: [{ target: path, options: ['-frames:v', String(shape.frames), ...encode] }],
        }
      : src.kind === 'image'
        ? {
            inputs: [{ source: src.path, options: ['-loop', '1', '-framerate', String(fps)] }],
            filterComplex: `[0:v]scale=${size}${shape.firstFrameOff === true ? `,drawbox=c=black:t=fill:enable='eq(n,0)'` : ''},format=yuv420p[v]`,
            outputs: [
              {
                target: path,
                options: ['-map', '[v]', '-frames:v', String(shape.frames), ...encode],
              },
            ],
          }
        : {
            inputs: [{ source: src.path, options: [] }],
            filterComplex: `[0:v]${(src.forceRate ?? 0) > 0 ? `fps=${src.forceRate},` : ''}trim=start_frame=${src.skip}:end_frame=${src.skip + shape.frames},setpts=N/(${fps}*TB),scale=${size}:flags=lanczos,format=yuv420p[v]`,
            outputs: [
              {
                target: path,
                options: ['-map', '[v]', '-frames:v', String(shape.frames), ...encode],
              },
            ],
          };
  await runFfmpeg({ job, signal: null, onProgress: null });
}
