/**
 * The draft backend: every stage with ffmpeg only, no GPU. The still is a card an editor can cut
 * with, the video a camera move over it of the exact length, the upscale a lanczos resize.
 * Fast enough to draft a whole trailer in seconds.
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runFfmpeg } from '../../media/index.js';
import type { FfmpegJob } from '../../media/index.js';
import { LiberoError } from '../../shared/index.js';
import type {
  GeneratorBackend,
  RunStageOptions,
  StageRequest,
  StageResult,
} from '../generator-backend.js';
import { cameraMoveFromMotion } from './camera-move.js';
import { draftStillJob } from './draft-still-job.js';
import { draftUpscaleJob, draftUpscaleSize } from './draft-upscale-job.js';
import { draftVideoJob } from './draft-video-job.js';
import { shotColour } from './shot-colour.js';
import { DEFAULT_UPSCALE_HANDLES, upscaleWindow } from '../upscale-window.js';
import { wrapText } from './wrap-text.js';

const FONT_DIRS = [
  '/usr/share/fonts/truetype/dejavu',
  '/usr/share/fonts/dejavu',
  '/usr/local/share/fonts',
];

/** Finds DejaVu Sans (installed by scripts/setup.sh); LIBERO_FONT_DIR overrides. */
export function findDraftFonts(env: NodeJS.ProcessEnv): { regular: string; bold: string } {
  const dirs = env['LIBERO_FONT_DIR'] ? [env['LIBERO_FONT_DIR'], ...FONT_DIRS] : FONT_DIRS;
  for (const dir of dirs) {
    const regular = join(dir, 'DejaVuSans.ttf');
    const bold = join(dir, 'DejaVuSans-Bold.ttf');
    if (existsSync(regular)) return { regular, bold: existsSync(bold) ? bold : regular };
  }
  throw new LiberoError(
    'FILE_NOT_FOUND',
    `the draft generator needs the DejaVu Sans font; looked in ${dirs.join(', ')}`,
    {
      details: { dirs },
    },
  );
}

function num(request: StageRequest, name: string): number {
  const value = request.params[name];
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new LiberoError(
      'INTERNAL',
      `draft ${request.stage} of shot ${request.shotId}: parameter ${name} must be a number, got ${String(value)}`,
    );
  return value;
}

function str(request: StageRequest, name: string): string {
  const value = request.params[name];
  return value === null || value === undefined ? '' : String(value);
}

function input(request: StageRequest, name: 'image' | 'video'): string {
  const file = request.inputs[name];
  if (file === undefined)
    throw new LiberoError(
      'INTERNAL',
      `draft ${request.stage} of shot ${request.shotId} needs an input ${name}`,
    );
  return file;
}

/** Options for {@link DraftBackend}. */
export interface DraftBackendOptions {
  readonly fonts: { readonly regular: string; readonly bold: string };
  /** Clock for the result's timestamps (passed in: the core reads no clock of its own). */
  readonly now: () => Date;
}

/** The GeneratorBackend that needs nothing but ffmpeg. */
export class DraftBackend implements GeneratorBackend {
  readonly name = 'draft';
  readonly #options: DraftBackendOptions;

  constructor(options: DraftBackendOptions) {
    this.#options = options;
  }

  async run(request: StageRequest, options: RunStageOptions): Promise<StageResult> {
    const startedAt = this.#options.now().toISOString();
    const { job, file, frames } = await this.#job(request);
    const report = options.onProgress;
    await runFfmpeg({
      job,
      signal: options.signal,
      onProgress:
        report === null
          ? null
          : (p) =>
              report({
                shotId: request.shotId,
                stage: request.stage,
                fraction: frames > 0 ? Math.min(1, p.frames / frames) : 0,
                message: null,
              }),
    });
    return {
      file,
      host: 'draft',
      provenance: { generator: 'libero draft (ffmpeg)', template: request.template },
      startedAt,
      finishedAt: this.#options.now().toISOString(),
    };
  }

  async #job(request: StageRequest): Promise<{ job: FfmpegJob; file: string; frames: number }> {
    const dir = request.outputDir;
    switch (request.stage) {
      case 'still': {
        const label = str(request, 'label');
        const scene = str(request, 'scene');
        const seedGroup = str(request, 'seedGroup');
        const width = num(request, 'width');
        const height = num(request, 'height');
        const titleFile = join(dir, 'title.txt');
        const promptFile = join(dir, 'prompt.txt');
        const footerFile = join(dir, 'footer.txt');
        const prompt = str(request, 'prompt');
        await writeFile(titleFile, `SHOT ${label}${scene === '' ? '' : `  ·  scene ${scene}`}`);
        await writeFile(
          promptFile,
          wrapText({ text: prompt === '' ? '(no prompt)' : prompt, width: 66, maxLines: 10 }).join(
            '\n',
          ),
        );
        await writeFile(
          footerFile,
          `seed ${num(request, 'seed')}${seedGroup === '' ? '' : ` (${seedGroup})`}  ·  draft ${width}x${height}`,
        );
        const file = join(dir, 'still.png');
        const job = draftStillJob({
          width,
          height,
          colour: shotColour({ label, scene: scene === '' ? null : scene }),
          fontFile: this.#options.fonts.regular,
          boldFontFile: this.#options.fonts.bold,
          titleFile,
          promptFile,
          footerFile,
          output: file,
        });
        return { job, file, frames: 1 };
      }
      case 'video': {
        const file = join(dir, 'video.mp4');
        const frames = num(request, 'frames');
        const job = draftVideoJob({
          image: input(request, 'image'),
          width: num(request, 'width'),
          height: num(request, 'height'),
          fps: num(request, 'fps'),
          frames,
          move: cameraMoveFromMotion(str(request, 'motion')),
          output: file,
        });
        return { job, file, frames };
      }
      case 'upscale': {
        const file = join(dir, 'upscale.mp4');
        const size = draftUpscaleSize({
          width: num(request, 'width'),
          height: num(request, 'height'),
        });
        const job = draftUpscaleJob({
          video: input(request, 'video'),
          // The same frames a GPU upscale works on (the draft's clip is rarely longer).
          window: upscaleWindow(request.params, DEFAULT_UPSCALE_HANDLES),
          ...size,
          fps: num(request, 'fps'),
          output: file,
        });
        return { job, file, frames: 0 };
      }
      default: {
        const never: never = request.stage;
        throw new LiberoError('INTERNAL', `the draft backend has no stage ${String(never)}`);
      }
    }
  }
}
