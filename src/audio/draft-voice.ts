/**
 * The offline draft voice: eSpeak-NG compiled to WASM (npm `espeak-ng`, GPL-3.0-or-later,
 * voices and dictionaries embedded; nothing is downloaded at run time). It speaks a line to a
 * 22.05 kHz mono WAV so an editor can time the cut before any credits are spent. Each call
 * instantiates a fresh module (about 150 ms): eSpeak's CLI keeps global state.
 */
import ESpeakNg from 'espeak-ng';
import { LiberoError } from '../shared/index.js';

/** The eSpeak-NG version inside the npm build (for provenance and cache keys). */
export const DRAFT_VOICE_ENGINE = 'espeak-ng-wasm@1.0.2 (eSpeak NG 1.52-dev)';

/** Options for {@link speakDraft}. */
export interface SpeakDraftOptions {
  readonly text: string;
  /** eSpeak voice, e.g. `it+m3` (Italian, a lower male variant). */
  readonly voice: string;
  /** Words per minute (eSpeak's default is 175; a narrator reads slower). */
  readonly wordsPerMinute: number;
  /** Where the line came from, for messages. */
  readonly source: string;
}

/** The eSpeak voice for a language: the language code with a male variant. */
export function draftVoiceFor(language: string): string {
  return `${language.toLowerCase()}+m3`;
}

/** Speaks one line; resolves to the bytes of a WAV file. */
export async function speakDraft(options: SpeakDraftOptions): Promise<Buffer> {
  const messages: string[] = [];
  const text = options.text.trim();
  if (text === '') {
    throw new LiberoError(
      'DRAFT_VOICE_FAILED',
      `The draft voice got an empty line (${options.source}).`,
      {
        details: { source: options.source },
      },
    );
  }
  let module;
  try {
    module = await ESpeakNg({
      // The text goes in through a file so a line starting with "-" is never read as a flag.
      arguments: [
        '-v',
        options.voice,
        '-s',
        String(options.wordsPerMinute),
        '-w',
        '/line.wav',
        '-f',
        '/line.txt',
      ],
      preRun: [(m) => m.FS.writeFile('/line.txt', text)],
      print: (line) => messages.push(line),
      printErr: (line) => messages.push(line),
    });
  } catch (error) {
    throw new LiberoError(
      'DRAFT_VOICE_FAILED',
      `eSpeak-NG could not start for ${options.source}: ${String(error)}`,
      {
        details: { source: options.source, voice: options.voice },
        cause: error,
      },
    );
  }
  try {
    return Buffer.from(module.FS.readFile('/line.wav'));
  } catch (error) {
    const said = messages.find((m) => m.startsWith('Error')) ?? messages[0] ?? 'no output';
    throw new LiberoError(
      'DRAFT_VOICE_FAILED',
      `eSpeak-NG voice "${options.voice}" could not speak ${options.source}: ${said}`,
      { details: { source: options.source, voice: options.voice }, cause: error },
    );
  }
}

/** Length of a PCM WAV from its header (byte rate and the `data` chunk's size), seconds. */
export function wavSeconds(wav: Buffer): number {
  const byteRate = wav.readUInt32LE(28);
  const data = wav.indexOf('data', 12, 'latin1');
  if (data < 0 || byteRate === 0) return 0;
  return wav.readUInt32LE(data + 4) / byteRate;
}
