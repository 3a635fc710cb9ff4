import { describe, expect, it } from 'vitest';
import { comfyFeatures, describeVersionLimits, parseComfyVersion } from './comfy-server-version.js';

describe('comfy server versions', () => {
  it.each([
    ['0.3.40', { clientPromptId: false, targetedInterrupt: false }],
    ['0.3.45', { clientPromptId: true, targetedInterrupt: false }],
    ['0.3.56', { clientPromptId: true, targetedInterrupt: true }],
    ['v0.4.1-dev', { clientPromptId: true, targetedInterrupt: true }],
    // unknown: assume the worst (never a bare interrupt on a guess)
    [null, { clientPromptId: false, targetedInterrupt: false }],
    ['nightly', { clientPromptId: false, targetedInterrupt: false }],
  ])('%s', (version, features) => expect(comfyFeatures(version)).toEqual(features));

  it('parses versions', () => {
    expect(parseComfyVersion('0.3.10')).toEqual([0, 3, 10]);
    expect(parseComfyVersion('')).toBeNull();
  });

  it('says what an old server lacks and how libero copes', () => {
    expect(describeVersionLimits('0.3.60')).toBeNull();
    expect(describeVersionLimits('0.3.50')).toBe(
      'lacks targeted /interrupt (ComfyUI >= 0.3.56); libero interrupts only when nothing else is queued there, else lets its prompt finish and discards it',
    );
    expect(describeVersionLimits('0.3.40')).toContain(
      'lacks client-chosen prompt ids (ComfyUI >= 0.3.45), targeted /interrupt (ComfyUI >= 0.3.56)',
    );
    expect(describeVersionLimits('0.2.7')).toBe('older than the minimum ComfyUI 0.3.0: update it');
  });
});
