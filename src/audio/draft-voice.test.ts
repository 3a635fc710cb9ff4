import { describe, expect, it } from 'vitest';
import { hasCode } from '../shared/index.js';
import { draftVoiceFor, speakDraft, wavSeconds } from './draft-voice.js';

describe('speakDraft', () => {
  it('speaks an Italian line to a WAV whose length grows with the text', async () => {
    const short = await speakDraft({
      text: 'Le bombe fischiavano.',
      voice: draftVoiceFor('it'),
      wordsPerMinute: 160,
      source: 'clip VO 2',
    });
    const long = await speakDraft({
      text: "In quegli anni c'era la guerra, c'erano i tedeschi, ci si arrangiava come si poteva e chi riusciva scappava dalla città.",
      voice: draftVoiceFor('it'),
      wordsPerMinute: 160,
      source: 'clip VO 1',
    });
    expect(short.subarray(0, 4).toString('latin1')).toBe('RIFF');
    expect(wavSeconds(short)).toBeGreaterThan(0.8);
    expect(wavSeconds(long)).toBeGreaterThan(wavSeconds(short) * 3);
  });

  it('reads a line that starts with a dash as text, not as a flag', async () => {
    const wav = await speakDraft({
      text: '-- Dedicato ai partigiani.',
      voice: 'it',
      wordsPerMinute: 160,
      source: 'clip VO 8',
    });
    expect(wavSeconds(wav)).toBeGreaterThan(0.5);
  });

  it('an unknown voice fails with DRAFT_VOICE_FAILED naming the voice and the clip', async () => {
    const error = await speakDraft({
      text: 'ciao',
      voice: 'xx-nope',
      wordsPerMinute: 160,
      source: "clip 'VO 3'",
    }).catch((e: unknown) => e);
    expect(hasCode(error, 'DRAFT_VOICE_FAILED')).toBe(true);
    expect(String((error as Error).message)).toContain('xx-nope');
    expect(String((error as Error).message)).toContain("clip 'VO 3'");
    expect(String((error as Error).message)).toContain('does not exist');
  });
});
