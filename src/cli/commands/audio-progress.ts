/** Lines a person reads for the audio use-case's events and result. */
import type { AudioEvent } from '../../pipeline/audio-event.js';
import type { AudioResult } from '../../pipeline/audio-produce.js';

/** One line per event worth a line (progress ticks are left out); null for the rest. */
export function describeAudioEvent(event: AudioEvent): string | null {
  switch (event.type) {
    case 'audio-cues':
      return [
        `audio: ${event.voice} voice-over line(s), ${event.score} score cue(s) via ${event.backend === 'draft' ? 'the offline draft voice and score' : `ElevenLabs at ${event.host}`}`,
        ...event.problems.map((p) => `  skipped ${p.source}: ${p.message}`),
      ].join('\n');
    case 'audio-cue-cached':
      return `  ${event.cueId}: cached`;
    case 'audio-cue-started':
      return null;
    case 'audio-cue-done':
      return `  ${event.cueId}: made in ${event.seconds.toFixed(1)} s${event.characters > 0 ? ` (${event.characters} characters)` : ''}`;
    case 'audio-cue-failed':
      return `  ${event.cueId}: FAILED ${event.code}: ${event.message}`;
    case 'audio-retry':
      return event.delayMs === null
        ? null
        : `  ElevenLabs ${event.endpoint}: ${event.status === null ? 'no answer' : `HTTP ${event.status}`}, retry ${event.attempt} in ${(event.delayMs / 1000).toFixed(1)} s`;
    case 'audio-mix-progress':
      return null;
    case 'audio-mixed':
      return event.silent
        ? `  mix${event.cached ? ' (cached)' : ''}: silent (nothing audible), no loudness pass`
        : `  mix${event.cached ? ' (cached)' : ''}: ${event.loudness.integrated} LUFS, ${event.loudness.truePeak ?? '?'} dBTP`;
    default: {
      const never: never = event;
      return String(never);
    }
  }
}

/** The closing summary, with what was spent at the vendor. */
export function describeAudioResult(result: AudioResult): string[] {
  const failed = result.cues.filter((c) => c.error !== null);
  const cached = result.cues.filter((c) => c.cached).length;
  const lines = [
    `audio: ${result.cues.length} cue(s), ${cached} from the cache, ${failed.length} failed`,
    result.mixFile === null ? 'mix: none (no cue produced audio)' : `mix: ${result.mixFile}`,
  ];
  if (result.silent)
    lines.push('loudness: the mix is silent (nothing audible): no loudness pass was attempted');
  else if (result.loudness !== null)
    lines.push(
      `loudness: ${result.loudness.integrated} LUFS integrated, ${result.loudness.truePeak ?? '?'} dBTP true peak, LRA ${result.loudness.range} LU`,
    );
  if (result.srtFile !== null) lines.push(`subtitles: ${result.srtFile}`);
  if (result.backend === 'elevenlabs')
    lines.push(
      `spent at ElevenLabs: ${result.spent.characters} characters (credits) of speech, ${result.spent.musicSeconds} s of music, ${result.spent.requests} request(s)`,
    );
  for (const cue of failed)
    lines.push(`failed ${cue.cueId} (${cue.source}): ${cue.error?.message ?? ''}`);
  return lines;
}
