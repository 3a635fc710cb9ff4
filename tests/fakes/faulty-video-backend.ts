/**
 * A GeneratorBackend (the port in src/generators/generator-backend.ts) that behaves like a
 * video model having a bad day: it runs a real backend (the draft one in the tests) and, for
 * the video stage of the seeds it is told about, paints black frames into the clip it made
 * (real ffmpeg), so take QC has a real fault to find. Everything else passes through.
 */
import { rename } from 'node:fs/promises';
import type {
  GeneratorBackend,
  RunStageOptions,
  StageRequest,
  StageResult,
} from '../../src/generators/generator-backend.js';
import { runFfmpeg } from '../../src/media/index.js';

/** Options for {@link FaultyVideoBackend}. */
export interface FaultyVideoBackendOptions {
  readonly inner: GeneratorBackend;
  /** Video-stage seeds whose clip gets black frames. */
  readonly faultySeeds: ReadonlySet<number>;
  /** The frames (of the video stage's clip) painted black, inclusive. */
  readonly blackFrames: readonly [number, number];
}

/** The faulty backend. */
export class FaultyVideoBackend implements GeneratorBackend {
  readonly name: string;

  constructor(private readonly options: FaultyVideoBackendOptions) {
    this.name = options.inner.name;
  }

  async run(request: StageRequest, options: RunStageOptions): Promise<StageResult> {
    const result = await this.options.inner.run(request, options);
    const seed = Number(request.params['seed']);
    if (request.stage !== 'video' || !this.options.faultySeeds.has(seed)) return result;
    const [first, last] = this.options.blackFrames;
    const temp = `${result.file}.faulty.mp4`;
    await runFfmpeg({
      job: {
        inputs: [{ source: result.file, options: [] }],
        filterComplex: `[0:v]drawbox=c=black:t=fill:enable='between(n,${first},${last})'[v]`,
        outputs: [
          {
            target: temp,
            options: [
              '-map',
              '[v]',
              '-c:v',
              'libx264',
              '-preset',
              'ultrafast',
              '-pix_fmt',
              'yuv420p',
            ],
          },
        ],
      },
      signal: options.signal,
      onProgress: null,
    });
    await rename(temp, result.file);
    return result;
  }
}
