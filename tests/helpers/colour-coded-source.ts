/**
 * Colour-coded test media: every frame is one flat colour that says which clip and which
 * frame it is, and every clip's audio is a sine at its own frequency. A rendered frame is
 * decoded back to (clip, frame) by {@link readCode}; audio by {@link dominantFrequency}.
 *
 *   red   = 24 + 40 * clip                 (clips 0..5)
 *   green = 16 + 16 * (frame mod 14)
 *   blue  = 16 + 16 * floor(frame / 14)    (frames 0..195)
 */
import { runFfmpeg } from '../../src/media/index.js';

/** Options for {@link makeColourCodedSource}. */
export interface ColourCodedSourceOptions {
  readonly path: string;
  readonly clip: number;
  readonly frames: number;
  /** e.g. '12', '25', '24000/1001'. */
  readonly rate: string;
  readonly width: number;
  readonly height: number;
  /** A sine at this frequency as the file's audio, or null for no audio. */
  readonly toneHz: number | null;
  /** Tone level in dBFS (default -12). */
  readonly toneDb?: number;
}

/** The colour of frame `frame` of clip `clip`. */
export function codeColour(clip: number, frame: number): [number, number, number] {
  return [24 + 40 * clip, 16 + 16 * (frame % 14), 16 + 16 * Math.floor(frame / 14)];
}

/** Writes an H.264 (BT.709-tagged) mp4 whose frames are colour-coded. */
export async function makeColourCodedSource(options: ColourCodedSourceOptions): Promise<void> {
  const { path, clip, frames, rate, width, height, toneHz } = options;
  const [r] = codeColour(clip, 0);
  const video =
    `color=c=black:s=${width}x${height}:r=${rate},format=gbrp,` +
    `geq=r='${r}':g='16+16*mod(N,14)':b='16+16*trunc(N/14)',` +
    'scale=out_color_matrix=bt709:out_range=tv,format=yuv420p';
  const inputs = [{ source: video, options: ['-f', 'lavfi'] }];
  const [num, den] = rate.split('/').map(Number);
  const seconds = (frames * (den ?? 1)) / (num ?? 1);
  if (toneHz !== null) {
    const amplitude = Math.pow(10, (options.toneDb ?? -12) / 20);
    inputs.push({
      source: `aevalsrc=${amplitude.toFixed(5)}*sin(2*PI*${toneHz}*t):s=48000:d=${seconds.toFixed(6)}`,
      options: ['-f', 'lavfi'],
    });
  }
  await runFfmpeg({
    job: {
      inputs,
      filterComplex: null,
      outputs: [
        {
          target: path,
          options: [
            '-frames:v',
            String(frames),
            '-c:v',
            'libx264',
            '-preset',
            'ultrafast',
            '-qp',
            '0',
            '-pix_fmt',
            'yuv420p',
            '-colorspace',
            'bt709',
            '-color_primaries',
            'bt709',
            '-color_trc',
            'bt709',
            ...(toneHz === null ? [] : ['-c:a', 'aac', '-b:a', '128k']),
          ],
        },
      ],
    },
    signal: null,
    onProgress: null,
  });
}

/** What a decoded pixel says. */
export interface Code {
  readonly clip: number;
  readonly frame: number;
  readonly rgb: readonly [number, number, number];
}

/** The mean colour of a small square around (x, y) of an rgb24 frame. */
export function pixelAt(
  frame: Buffer,
  width: number,
  at: { x: number; y: number },
): [number, number, number] {
  let r = 0;
  let g = 0;
  let b = 0;
  let n = 0;
  for (let dy = -1; dy <= 1; dy++)
    for (let dx = -1; dx <= 1; dx++) {
      const i = ((at.y + dy) * width + (at.x + dx)) * 3;
      r += frame[i] ?? 0;
      g += frame[i + 1] ?? 0;
      b += frame[i + 2] ?? 0;
      n += 1;
    }
  return [Math.round(r / n), Math.round(g / n), Math.round(b / n)];
}

/** Decodes (clip, frame) from the pixel at (x, y); null when the colour is no code. */
export function readCode(frame: Buffer, width: number, at: { x: number; y: number }): Code | null {
  const rgb = pixelAt(frame, width, at);
  const clip = Math.round((rgb[0] - 24) / 40);
  const g = (rgb[1] - 16) / 16;
  const b = (rgb[2] - 16) / 16;
  const near = (v: number): boolean => Math.abs(v - Math.round(v)) <= 0.3;
  if (clip < 0 || clip > 5 || Math.abs(rgb[0] - (24 + 40 * clip)) > 6 || !near(g) || !near(b))
    return null;
  return { clip, frame: Math.round(g) + 14 * Math.round(b), rgb };
}

/** A frame's code as `"clip:frame"`, or `"?r,g,b"` when it is no code: easy to diff. */
export function codeLabel(frame: Buffer, width: number, at: { x: number; y: number }): string {
  const code = readCode(frame, width, at);
  if (code !== null) return `${code.clip}:${code.frame}`;
  return `?${pixelAt(frame, width, at).join(',')}`;
}

/** Dominant frequency (Hz) of `samples[from, to)` by counting zero crossings. */
export function dominantFrequency(
  samples: Float32Array,
  sampleRate: number,
  window: { from: number; to: number },
): number {
  let crossings = 0;
  for (let i = window.from + 1; i < window.to; i++) {
    const a = samples[i - 1] ?? 0;
    const b = samples[i] ?? 0;
    if ((a < 0 && b >= 0) || (a >= 0 && b < 0)) crossings += 1;
  }
  return (crossings / 2) * (sampleRate / (window.to - window.from));
}

/** RMS level in dBFS of `samples[from, to)`. */
export function rmsDb(samples: Float32Array, window: { from: number; to: number }): number {
  let sum = 0;
  for (let i = window.from; i < window.to; i++) sum += (samples[i] ?? 0) ** 2;
  return 10 * Math.log10(sum / Math.max(1, window.to - window.from) + 1e-20);
}
