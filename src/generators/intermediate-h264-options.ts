/**
 * Output options of the local H.264 intermediates (draft video and upscale, joined chains): the
 * frames the editor will cut with, yuv420p, faststart. The master's encode lives in src/conform.
 */

/** Options for {@link intermediateH264Options}. */
export interface IntermediateH264Options {
  readonly fps: number;
  /** Exactly this many frames, or null to keep what the graph makes. */
  readonly frames: number | null;
  readonly preset: 'ultrafast' | 'veryfast';
  readonly crf: number;
}

/** `-map [v] [-frames:v N] -r FPS -c:v libx264 -preset P -crf C -pix_fmt yuv420p -movflags +faststart`. */
export function intermediateH264Options(options: IntermediateH264Options): string[] {
  return [
    '-map',
    '[v]',
    ...(options.frames === null ? [] : ['-frames:v', String(options.frames)]),
    '-r',
    String(options.fps),
    '-c:v',
    'libx264',
    '-preset',
    options.preset,
    '-crf',
    String(options.crf),
    '-pix_fmt',
    'yuv420p',
    '-movflags',
    '+faststart',
  ];
}
