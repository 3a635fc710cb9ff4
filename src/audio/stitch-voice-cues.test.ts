import { describe, expect, it } from 'vitest';
import { DEFAULT_VOICE_SETTINGS } from './audio-cue.js';
import type { VoiceCue } from './audio-cue.js';
import { stitchVoiceCues } from './stitch-voice-cues.js';

const cue = (id: string, start: number, over: Partial<VoiceCue> = {}): VoiceCue => ({
  kind: 'voice',
  id,
  source: `clip ${id}`,
  text: `line ${id}`,
  voice: 'narrator',
  model: 'eleven_multilingual_v2',
  settings: DEFAULT_VOICE_SETTINGS,
  scratch: null,
  language: 'it',
  start,
  duration: 3,
  ...over,
});

const context = (cues: VoiceCue[]) =>
  stitchVoiceCues(cues).map((c) => [c.id, c.previousText, c.nextText]);

describe('stitchVoiceCues', () => {
  it('links consecutive lines of one voice in timeline order, whatever the input order', () => {
    expect(context([cue('L2', 10), cue('L1', 0), cue('L3', 20)])).toEqual([
      ['L2', 'line L1', 'line L3'],
      ['L1', null, 'line L2'],
      ['L3', 'line L2', null],
    ]);
  });

  it.each([
    // another voice between two lines of the narrator does not break the narrator's chain
    [
      [cue('A1', 0), cue('B1', 5, { voice: 'old man' }), cue('A2', 10)],
      [
        ['A1', null, 'line A2'],
        ['B1', null, null],
        ['A2', 'line A1', null],
      ],
    ],
    // different models are different chains (the vendor stitches best within one model)
    [
      [cue('A1', 0), cue('A2', 5, { model: 'eleven_flash_v2_5' })],
      [
        ['A1', null, null],
        ['A2', null, null],
      ],
    ],
    // eleven_v3 has no stitching
    [
      [cue('A1', 0, { model: 'eleven_v3' }), cue('A2', 5, { model: 'eleven_v3' })],
      [
        ['A1', null, null],
        ['A2', null, null],
      ],
    ],
    // a scratch-read line goes through speech-to-speech: no text context, and it does not link others
    [
      [cue('A1', 0), cue('A2', 5, { scratch: '/s.wav' }), cue('A3', 9)],
      [
        ['A1', null, 'line A3'],
        ['A2', null, null],
        ['A3', 'line A1', null],
      ],
    ],
  ])('keeps chains per voice and model (%#)', (cues, expected) => {
    expect(context(cues)).toEqual(expected);
  });
});
