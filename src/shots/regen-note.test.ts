import { describe, expect, it } from 'vitest';
import { parseRegenNote } from './regen-note.js';

describe('parseRegenNote', () => {
  it('reads free text as an addition to the prompt, commas included', () => {
    expect(parseRegenNote('darker, more fog, smoke').note).toEqual({
      addition: 'darker, more fog, smoke',
    });
  });

  it('reads fields after the free text, each value running to the next field', () => {
    const { note, problems } = parseRegenNote(
      'at dusk, seed: 42, motion: slow pan left, then tilt up',
    );
    expect(note).toEqual({
      addition: 'at dusk',
      seed: 42,
      motion: 'slow pan left, then tilt up',
    });
    expect(problems).toEqual([]);
  });

  it('accepts ";" and new lines, any case, and the negative and camera aliases', () => {
    expect(parseRegenNote('Seed: 7; CAMERA: handheld\nnegative: text, watermark').note).toEqual({
      seed: 7,
      motion: 'handheld',
      negativePrompt: 'text, watermark',
    });
    expect(parseRegenNote('prompt: a burning farmhouse').note).toEqual({
      prompt: 'a burning farmhouse',
    });
  });

  it('changes nothing for an empty note and reports a seed that is not a number', () => {
    expect(parseRegenNote('  ').note).toEqual({});
    const bad = parseRegenNote('seed: soon');
    expect(bad.note).toEqual({});
    expect(bad.problems).toEqual(['regen note: "seed" should be a whole number, got "soon"']);
  });

  it('does not take a colon inside the prompt for a field', () => {
    expect(parseRegenNote('title card: the end').note).toEqual({ addition: 'title card: the end' });
  });
});
