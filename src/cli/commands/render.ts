/** `libero render TIMELINE -o OUT.mp4`: the timeline to a 1920x1080 H.264 master. */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { createProjectGenerator } from '../../main.js';
import { audioBackendFor, audioEnvFrom } from '../../pipeline/audio-backend-from-env.js';
import type { AudioEvent } from '../../pipeline/audio-event.js';
import { audioBeforeRender } from '../../pipeline/audio-for-render.js';
import { generateBeforeRender } from '../../pipeline/generate-before-render.js';
import { renderProject } from '../../pipeline/render-project.js';
import { LiberoError } from '../../shared/index.js';
import { describeAudioEvent, describeAudioResult } from './audio-progress.js';
import { describeResult, generateProgressView } from './generate-progress.js';
import type { CueOutcome } from '../../pipeline/audio-produce.js';
import type { ShotSummary } from '../../pipeline/generate-project.js';
import { EXIT_DONE_WITH_FAILURES } from '../exit-code.js';
import {
  describeRenderFailures,
  describeRenderSummary,
  renderProgressView,
} from './render-progress.js';

interface RenderFlags {
  output: string;
  lut?: string;
  crf?: string;
  preset?: string;
  range?: string;
  interpolate?: boolean;
  loudness?: string;
  audio?: string;
  cache?: string;
  size?: string;
  rate?: string;
  debugDir?: string;
  comfyui?: string;
  json?: boolean;
}

function number(flag: string, value: string | undefined): number | null {
  if (value === undefined) return null;
  const n = Number(value);
  if (!Number.isFinite(n))
    throw new LiberoError('USAGE', `${flag} expects a number, got "${value}".`);
  return n;
}

function size(value: string | undefined): { width: number; height: number } | null {
  if (value === undefined) return null;
  const match = /^(\d+)x(\d+)$/.exec(value);
  if (match === null || Number(match[1]) % 2 !== 0 || Number(match[2]) % 2 !== 0)
    throw new LiberoError('USAGE', `--size expects WIDTHxHEIGHT in even pixels, got "${value}".`);
  return { width: Number(match[1]), height: Number(match[2]) };
}

function rate(value: string | undefined): { num: number; den: number } | null {
  if (value === undefined) return null;
  const match = /^(\d+)(?:\/(\d+))?$/.exec(value);
  if (match === null) throw new LiberoError('USAGE', `--rate expects N or N/D, got "${value}".`);
  return { num: Number(match[1]), den: Number(match[2] ?? 1) };
}

/** Registers the command. */
export function registerRender(program: Command): void {
  program
    .command('render')
    .description('render the timeline to an H.264 master (1920x1080, colour pass, audio mix)')
    .argument('<timeline>', "the editor's .otio")
    .requiredOption('-o, --output <file>', 'the master to write (.mp4)')
    .option('--lut <file>', 'a timeline-wide 3D LUT (.cube)')
    .option('--crf <n>', 'x264 quality (default 18)')
    .option('--preset <name>', 'x264 preset (default medium)')
    .option(
      '--range <tc-tc>',
      'render only HH:MM:SS:FF-HH:MM:SS:FF (record timecode, out exclusive)',
    )
    .option('--interpolate', 'motion-interpolate media slower than the timeline (slow, CPU)')
    .option(
      '--loudness <lufs>',
      'normalise the mix to this integrated loudness (true peak -1 dBTP)',
    )
    .option('--audio <file>', "use this prepared mix as the master's audio instead of the tracks")
    .option('--cache <dir>', 'render cache (default .libero/cache/render beside the timeline)')
    .option('--size <WxH>', 'output size (default 1920x1080)')
    .option('--rate <fps>', "output frame rate, e.g. 24 or 24000/1001 (default: the timeline's)")
    .option('--debug-dir <dir>', 'append every ffmpeg command line to DIR/render-ffmpeg.log')
    .option(
      '--comfyui <urls>',
      'ComfyUI hosts for missing shots, comma-separated (default: LIBERO_COMFYUI_URL; none: the draft generator)',
    )
    .option('--json', 'print the summary as JSON')
    .action(async (timeline: string, flags: RenderFlags) => {
      const controller = new AbortController();
      const onSigint = (): void => controller.abort(new Error('interrupted (Ctrl-C)'));
      process.once('SIGINT', onSigint);
      const view = renderProgressView({
        tty: flags.json !== true && process.stderr.isTTY === true,
        write: (line) => process.stderr.write(line + '\n'),
      });
      // The shots generated first: per-shot and overall bars on a terminal, lines otherwise.
      const generation = generateProgressView({
        tty: flags.json !== true && process.stderr.isTTY === true,
        write: (line) => process.stderr.write(line + '\n'),
      });
      const printAudio = (event: AudioEvent): void => {
        const line = describeAudioEvent(event);
        if (line !== null) process.stderr.write(line + '\n');
      };
      // What failed on the way (the master is still written: offline cards, silent lines).
      const failedShots: ShotSummary[] = [];
      const failedCues: CueOutcome[] = [];
      const started = process.hrtime.bigint();
      const generator = await createProjectGenerator({
        env: process.env,
        comfyui: flags.comfyui ?? null,
        timelinePath: timeline,
      });
      try {
        // `-o demo/out/trailer.mp4` on a fresh checkout: the folder does not exist yet.
        mkdirSync(dirname(resolve(flags.output)), { recursive: true });
        const summary = await renderProject({
          timelinePath: timeline,
          output: flags.output,
          lut: flags.lut ?? null,
          crf: number('--crf', flags.crf),
          preset: flags.preset ?? null,
          range: flags.range ?? null,
          interpolate: flags.interpolate === true,
          loudness: number('--loudness', flags.loudness),
          cacheDir: flags.cache ?? null,
          audio: flags.audio === undefined ? { kind: 'mix' } : { kind: 'file', path: flags.audio },
          size: size(flags.size),
          rate: rate(flags.rate),
          debugDir: flags.debugDir ?? null,
          // Generate what the shots are missing first; the conformed timeline is rendered.
          before: [
            generateBeforeRender({
              generator,
              onEvent: flags.json === true ? null : generation.onEvent,
              onResult: (result) => {
                failedShots.push(...result.shots.filter((shot) => shot.status === 'failed'));
                if (flags.json === true) return;
                generation.stop();
                for (const line of describeResult(result)) process.stderr.write(line + '\n');
              },
              now: () => new Date(),
            }),
          ],
          // Voice-over and score cues become one ducked, normalised mix (ElevenLabs or draft).
          prepareAudio: audioBeforeRender({
            backend: audioBackendFor({
              env: audioEnvFrom(process.env),
              retry: null,
              onEvent: flags.json === true ? null : printAudio,
            }),
            settings: null,
            onEvent: flags.json === true ? null : printAudio,
            onResult: (result) => {
              failedCues.push(...result.cues.filter((cue) => cue.error !== null));
              if (flags.json === true) return;
              for (const line of describeAudioResult(result)) process.stderr.write(line + '\n');
            },
          }),
          signal: controller.signal,
          onProgress: flags.json === true ? null : view.update,
        });
        view.stop();
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        const failures = { shots: failedShots, cues: failedCues };
        if (flags.json === true)
          process.stdout.write(JSON.stringify({ ...summary, failures }, null, 2) + '\n');
        else
          for (const line of [
            ...describeRenderSummary(summary, seconds),
            ...describeRenderFailures(failures),
          ])
            process.stdout.write(line + '\n');
        if (failedShots.length + failedCues.length > 0) process.exitCode = EXIT_DONE_WITH_FAILURES;
      } finally {
        generator.close?.();
        generation.stop();
        view.stop();
        process.off('SIGINT', onSigint);
      }
    });
}
