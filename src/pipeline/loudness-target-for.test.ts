import { describe, expect, it } from 'vitest';
import { parseProjectConfig } from '../config/index.js';
import { loudnessTargetFor } from './loudness-target-for.js';

const config = (json: unknown) => parseProjectConfig({ json, file: 'libero.json' });

describe('loudnessTargetFor', () => {
  it('takes libero.json audio.loudness when no flag is given (-14 without one)', () => {
    expect(loudnessTargetFor({ config: config({}), lufs: null }).integrated).toBe(-14);
    expect(
      loudnessTargetFor({ config: config({ audio: { loudness: -23 } }), lufs: null }).integrated,
    ).toBe(-23);
  });

  it('lets the flag win over the project file', () => {
    expect(
      loudnessTargetFor({ config: config({ audio: { loudness: -23 } }), lufs: -16 }).integrated,
    ).toBe(-16);
  });
});
