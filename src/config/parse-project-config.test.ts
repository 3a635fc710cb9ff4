import { describe, expect, it } from 'vitest';
import { hasCode, ValidationError } from '../shared/index.js';
import { parseProjectConfig } from './parse-project-config.js';
import { DEFAULT_VIDEO_NEGATIVE_PROMPT } from './project-config.js';

describe('parseProjectConfig', () => {
  it('gives the production defaults for an empty file', () => {
    const config = parseProjectConfig({ json: {}, file: 'libero.json' });
    // PIPELINE.md: 768x432 stills, 12 fps video, x4 upscale, the fixed negative prompt.
    expect(config.stillWidth).toBe(768);
    expect(config.stillHeight).toBe(432);
    expect(config.generatedFps).toBe(12);
    expect(config.upscaleFactor).toBe(4);
    expect(config.videoNegativePrompt).toBe(DEFAULT_VIDEO_NEGATIVE_PROMPT);
    expect(config.render).toEqual({
      width: 1920,
      height: 1080,
      crf: 18,
      preset: 'medium',
      lut: null,
    });
    expect(config.backends.maxVideoSeconds).toBe(10);
    // the conformed file's OTIO release is the timeline module's default; -14 LUFS streaming
    expect(config.conform).toEqual({ otioVersion: null, startTimecode: null });
    expect(config.audio).toEqual({ loudness: -14, voice: null });
  });

  it('reads the hand-back OTIO release and a broadcast loudness target', () => {
    const config = parseProjectConfig({
      json: { conform: { otioVersion: '0.17.0' }, audio: { loudness: -23 } },
      file: 'libero.json',
    });
    expect(config.conform.otioVersion).toBe('0.17.0');
    expect(config.audio.loudness).toBe(-23);
  });

  it('fills LoRA strengths when only the name is given', () => {
    const config = parseProjectConfig({ json: { lora: { name: 'p.safetensors' } }, file: 'x' });
    expect(config.lora).toEqual({ name: 'p.safetensors', strengthModel: 1, strengthClip: 1 });
  });

  it.each([
    // a wrong type names the nested field
    [{ lora: { name: 'a', strengthModel: 'high' } }, 'field "lora.strengthModel"'],
    // a seed beyond what JSON numbers hold exactly
    [{ seedGroups: { city: 1e20 } }, 'field "seedGroups.city"'],
    // a typo is not silently ignored
    [{ stilWidth: 640 }, 'unknown field "stilWidth"'],
    [{ render: { crf: 80 } }, 'field "render.crf"'],
    [{ conform: { otioVersion: 18 } }, 'field "conform.otioVersion"'],
    [{ audio: { loudness: 0 } }, 'field "audio.loudness"'],
  ])('names the field and the file: %j', (json, expected) => {
    let caught: unknown;
    try {
      parseProjectConfig({ json, file: '/p/libero.json' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ValidationError);
    expect(hasCode(caught, 'CONFIG_INVALID')).toBe(true);
    expect((caught as Error).message).toContain('/p/libero.json');
    expect((caught as Error).message).toContain(expected);
  });
});
