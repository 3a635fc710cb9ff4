/** `libero audio TIMELINE`: voice-over and score for the timeline's cues, mixed for the master. */
import type { Command } from 'commander';
import { audioBackendFor, audioEnvFrom } from '../../pipeline/audio-backend-from-env.js';
import { DEFAULT_AUDIO_SETTINGS, produceAudio } from '../../pipeline/audio-produce.js';
import { loudnessTargetFor } from '../../pipeline/loudness-target-for.js';
import { loadProject } from '../../pipeline/project.js';
import { LiberoError } from '../../shared/index.js';
import { EXIT_DONE_WITH_FAILURES } from '../exit-code.js';
import { describeAudioEvent, describeAudioResult } from './audio-progress.js';

/** Registers the command. */
export function registerAudio(program: Command): void {
  program
    .command('audio')
    .description(
      'make the voice-over and score of the timeline (ElevenLabs with ELEVENLABS_API_KEY, else an offline draft) and mix them for the master',
    )
    .argument('<timeline>', "the editor's .otio (never written)")
    .option(
      '--loudness <lufs>',
      'integrated loudness target: -14 (streaming) or -23 (broadcast) or any value (default: libero.json audio.loudness, else -14)',
    )
    .option('--json', 'print the result as JSON')
    .action(async (timeline: string, opts: { loudness?: string; json?: boolean }) => {
      const lufs = opts.loudness === undefined ? null : Number(opts.loudness);
      if (lufs !== null && (!Number.isFinite(lufs) || lufs > -5 || lufs < -70))
        throw new LiberoError(
          'USAGE',
          `--loudness ${opts.loudness}: give LUFS between -70 and -5 (e.g. -14 or -23).`,
        );
      const controller = new AbortController();
      const onSigint = (): void => controller.abort(new Error('interrupted (Ctrl-C)'));
      process.once('SIGINT', onSigint);
      try {
        const project = await loadProject(timeline);
        const loudness = loudnessTargetFor({ config: project.config, lufs });
        const print = (line: string | null): void => {
          if (line !== null && opts.json !== true) process.stdout.write(line + '\n');
        };
        const onEvent = (event: Parameters<typeof describeAudioEvent>[0]): void =>
          print(describeAudioEvent(event));
        const result = await produceAudio({
          timeline: project.timeline,
          projectDir: project.dir,
          config: project.config,
          settings: { ...DEFAULT_AUDIO_SETTINGS, loudness },
          backend: audioBackendFor({ env: audioEnvFrom(process.env), retry: null, onEvent }),
          signal: controller.signal,
          onEvent,
        });
        if (opts.json === true) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
        else for (const line of describeAudioResult(result)) process.stdout.write(line + '\n');
        if (result.cues.some((c) => c.error !== null)) process.exitCode = EXIT_DONE_WITH_FAILURES;
      } finally {
        process.off('SIGINT', onSigint);
      }
    });
}
