/**
 * Decodes a video into raw RGB frames (rgb24, one Buffer per frame) at a given size, and an
 * audio stream into mono float samples: what tests and QC use to look at a render.
 */
import { runFfmpeg } from './run-ffmpeg.js';

/** Options for {@link extractFrames}. */
export interface ExtractFramesOptions {
  readonly path: string;
  /** Scale every frame to this size (nearest neighbour keeps flat colours exact). */
  readonly width: number;
  readonly height: number;
  readonly signal: AbortSignal | null;
}

/** Every frame of the first video stream as rgb24 (BT.709 matrix, limited range input). */
export async function extractFrames(options: ExtractFramesOptions): Promise<Buffer[]> {
  const { path, width, height, signal } = options;
  const result = await runFfmpeg({
    job: {
      inputs: [{ source: path, options: [] }],
      filterComplex: null,
      outputs: [
        {
          target: 'pipe:1',
          options: [
            '-map',
            '0:v:0',
            '-vf',
            `scale=${width}:${height}:flags=neighbor:in_color_matrix=bt709:in_range=tv,format=rgb24`,
            '-vsync',
            'passthrough',
            '-f',
            'rawvideo',
            '-pix_fmt',
            'rgb24',
          ],
        },
      ],
    },
    signal,
    onProgress: null,
  });
  const size = width * height * 3;
  const frames: Buffer[] = [];
  for (let at = 0; at + size <= result.stdout.length; at += size)
    frames.push(result.stdout.subarray(at, at + size));
  return frames;
}

/** Options for {@link extractAudio}. */
export interface ExtractAudioOptions {
  readonly path: string;
  readonly sampleRate: number;
  readonly signal: AbortSignal | null;
}

/** The first audio stream downmixed to mono float samples. */
export async function extractAudio(options: ExtractAudioOptions): Promise<Float32Array> {
  const result = await runFfmpeg({
    job: {
      inputs: [{ source: options.path, options: [] }],
      filterComplex: null,
      outputs: [
        {
          target: 'pipe:1',
          options: ['-map', '0:a:0', '-ac', '1', '-ar', String(options.sampleRate), '-f', 'f32le'],
        },
      ],
    },
    signal: options.signal,
    onProgress: null,
  });
  const bytes = result.stdout;
  const copy = new Uint8Array(bytes.length - (bytes.length % 4));
  copy.set(bytes.subarray(0, copy.length));
  return new Float32Array(copy.buffer);
}
