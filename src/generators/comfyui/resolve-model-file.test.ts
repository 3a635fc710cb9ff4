import { describe, expect, it } from 'vitest';
import { modelStem, resolveModelFile } from './resolve-model-file.js';

describe('modelStem', () => {
  it.each([
    ['1xDeJPG_OmniSR.pth', '1xdejpg_omnisr'],
    ['upscale/1xDeJPG_OmniSR.safetensors', '1xdejpg_omnisr'],
    ['upscale\\4xNomos8kHAT-L_otf.SafeTensors', '4xnomos8khat-l_otf'],
    ['flux1-dev.sft', 'flux1-dev'],
    ['flux1-dev-Q8_0.gguf', 'flux1-dev-q8_0'],
    // a repo id has no model extension: kept whole (the dot is part of the name)
    ['kijai/CogVideoX-5b-1.5-I2V', 'cogvideox-5b-1.5-i2v'],
  ])('%s -> %s', (name, stem) => expect(modelStem(name)).toBe(stem));
});

describe('resolveModelFile', () => {
  const none = {};
  it.each([
    // exact name first, even when another extension of the same stem is there
    [
      '1xDeJPG_OmniSR.pth',
      ['1xDeJPG_OmniSR.safetensors', '1xDeJPG_OmniSR.pth'],
      none,
      { kind: 'found', file: '1xDeJPG_OmniSR.pth', how: 'exact' },
    ],
    // OpenModelDB's .safetensors in a subfolder, found by stem
    [
      '1xDeJPG_OmniSR.pth',
      ['4x-UltraSharp.pth', 'upscale/1xDeJPG_OmniSR.safetensors'],
      none,
      { kind: 'found', file: 'upscale/1xDeJPG_OmniSR.safetensors', how: 'stem' },
    ],
    // a bare stem in the template; case ignored
    [
      '4xNomos8kHAT-L_otf',
      ['4xnomos8khat-l_otf.PTH'],
      none,
      { kind: 'found', file: '4xnomos8khat-l_otf.PTH', how: 'stem' },
    ],
    // same path, other case (Windows hosts)
    [
      'flux1-dev.safetensors',
      ['FLUX1-dev.safetensors'],
      none,
      { kind: 'found', file: 'FLUX1-dev.safetensors', how: 'exact' },
    ],
    // two files with the stem and no exact one: an error naming both, never a guess
    [
      '1xDeJPG_OmniSR.pth',
      ['a/1xDeJPG_OmniSR.safetensors', 'b/1xDeJPG_OmniSR.pt'],
      none,
      { kind: 'ambiguous', candidates: ['a/1xDeJPG_OmniSR.safetensors', 'b/1xDeJPG_OmniSR.pt'] },
    ],
    // a pin settles it
    [
      '1xDeJPG_OmniSR.pth',
      ['a/1xDeJPG_OmniSR.safetensors', 'b/1xDeJPG_OmniSR.pt'],
      { '1xDeJPG_OmniSR': 'b/1xDeJPG_OmniSR.pt' },
      { kind: 'found', file: 'b/1xDeJPG_OmniSR.pt', how: 'pinned' },
    ],
    // a pin the host lacks: missing, never another file
    [
      '1xDeJPG_OmniSR.pth',
      ['1xDeJPG_OmniSR.pth'],
      { '1xDeJPG_OmniSR.pth': 'upscale/1xDeJPG_OmniSR.safetensors' },
      { kind: 'missing', pinned: 'upscale/1xDeJPG_OmniSR.safetensors' },
    ],
    // nothing by that stem (a prefix is not a match)
    ['1xDeJPG_OmniSR.pth', ['1xDeJPG_OmniSR_v2.pth'], none, { kind: 'missing', pinned: null }],
  ])('%s in %j (pins %j)', (wanted, available, pins, expected) =>
    expect(resolveModelFile({ wanted, available, pins })).toEqual(expected),
  );
});
