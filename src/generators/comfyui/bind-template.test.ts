import { describe, expect, it } from 'vitest';
import { hasCode } from '../../shared/index.js';
import { bindTemplate, quantizeUp } from './bind-template.js';
import { parseComfyTemplate } from './comfy-template.js';

const workflow = {
  '1': { class_type: 'UNETLoader', inputs: { unet_name: 'flux1-dev.safetensors' } },
  '2': {
    class_type: 'LoraLoader',
    inputs: { model: ['1', 0], lora_name: 'x.safetensors', strength_model: 1 },
  },
  '3': { class_type: 'Sampler', inputs: { model: ['2', 0], seed: 0, frames: 49, text: '' } },
  '4': { class_type: 'LoadImage', inputs: { image: 'a.png' } },
  '5': { class_type: 'Save', inputs: { images: ['3', 0] } },
};
const manifest = {
  schema: 'LiberoComfyTemplate.1',
  name: 'test',
  version: 1,
  stage: 'video',
  description: '',
  workflow: 'test.json',
  modelSet: 'm',
  nodes: {
    UNETLoader: 'core',
    LoraLoader: 'core',
    Sampler: 'pack',
    LoadImage: 'core',
    Save: 'core',
  },
  models: [{ node: '1', input: 'unet_name', folder: 'diffusion_models' }],
  parameters: {
    prompt: { type: 'string', required: true, targets: [{ node: '3', input: 'text' }] },
    seed: {
      type: 'integer',
      min: 0,
      max: Number.MAX_SAFE_INTEGER,
      targets: [{ node: '3', input: 'seed' }],
    },
    frames: {
      type: 'integer',
      min: 17,
      max: 161,
      quantize: { step: 16, offset: 1 },
      targets: [{ node: '3', input: 'frames' }],
    },
    loraName: {
      type: 'string',
      nullable: true,
      bypassWhenNull: '2',
      targets: [{ node: '2', input: 'lora_name' }],
    },
    strength: {
      type: 'number',
      min: -10,
      max: 10,
      targets: [{ node: '2', input: 'strength_model' }],
    },
  },
  bypass: { '2': [['1', 0]] },
  inputs: { image: { targets: [{ node: '4', input: 'image' }] } },
  output: { node: '5', key: 'gifs', media: 'video' },
  batch: null,
};
const template = parseComfyTemplate({
  source: 'test',
  manifestJson: manifest,
  workflowJson: workflow,
});

describe('bindTemplate', () => {
  it('writes every parameter into its node inputs and leaves the template untouched', () => {
    const graph = bindTemplate({
      template,
      params: {
        prompt: 'Italy, 1944',
        seed: 184229719894473,
        frames: 20,
        loraName: 'p.safetensors',
        strength: 0.8,
        label: 'ignored',
      },
      inputs: { image: 'libero/k.png' },
    });
    expect(graph['3']!.inputs).toEqual({
      model: ['2', 0],
      seed: 184229719894473,
      frames: 33,
      text: 'Italy, 1944',
    });
    expect(graph['2']!.inputs).toMatchObject({ lora_name: 'p.safetensors', strength_model: 0.8 });
    expect(graph['4']!.inputs['image']).toBe('libero/k.png');
    expect(template.workflow['3']!.inputs['text']).toBe('');
  });

  it('bypasses the LoRA node when no LoRA is asked for, rewiring its consumers', () => {
    const graph = bindTemplate({
      template,
      params: { prompt: 'p', loraName: null },
      inputs: { image: 'a.png' },
    });
    expect(graph['2']).toBeUndefined();
    expect(graph['3']!.inputs['model']).toEqual(['1', 0]);
  });

  it('takes null for what feeds only the bypassed LoRA node (the plan of a shot without LoRA)', () => {
    const graph = bindTemplate({
      template,
      params: { prompt: 'p', loraName: null, strength: null },
      inputs: { image: 'a.png' },
    });
    expect(graph['2']).toBeUndefined();
    // with a LoRA asked for, a null strength is still an error
    expect(() =>
      bindTemplate({
        template,
        params: { prompt: 'p', loraName: 'p.safetensors', strength: null },
        inputs: { image: 'a.png' },
      }),
    ).toThrow(/parameter "strength" may not be null/);
  });

  it.each([
    // missing required parameter
    [{}, /parameter "prompt" is required/],
    // wrong type
    [{ prompt: 'p', seed: 'seven' }, /"seed" = "seven" is not a number/],
    // not an integer
    [{ prompt: 'p', seed: 1.5 }, /is not an integer/],
    // too long for one clip after rounding to 16N+1
    [{ prompt: 'p', frames: 170 }, /above the maximum 161/],
    // out of range
    [{ prompt: 'p', strength: 11 }, /above the maximum 10/],
    // null where null means nothing
    [{ prompt: 'p', seed: null }, /may not be null/],
  ])('refuses %j', (params, message) => {
    let error: unknown = null;
    try {
      bindTemplate({ template, params, inputs: { image: 'a.png' } });
    } catch (e) {
      error = e;
    }
    expect(hasCode(error, 'COMFY_TEMPLATE_INVALID')).toBe(true);
    expect((error as Error).message).toMatch(message);
  });

  it("raises a too-short clip to the model's shortest (17 frames)", () => {
    const graph = bindTemplate({
      template,
      params: { prompt: 'p', frames: 5 },
      inputs: { image: 'a.png' },
    });
    expect(graph['3']!.inputs['frames']).toBe(17);
  });

  it('needs the input files the manifest names', () => {
    expect(() => bindTemplate({ template, params: { prompt: 'p' }, inputs: {} })).toThrow(
      /input file "image" is required/,
    );
  });
});

describe('quantizeUp', () => {
  it.each([
    [1, 1],
    [17, 17],
    [18, 33],
    [78, 81], // 6.5 s at 12 fps -> CogVideoX's 81 frames
    [108, 113],
  ])('%i -> %i (16N+1)', (frames, expected) => {
    expect(quantizeUp(frames, { step: 16, offset: 1 })).toBe(expected);
  });
});

describe('parseComfyTemplate', () => {
  it('refuses a UI-format workflow', () => {
    expect(() =>
      parseComfyTemplate({
        source: 't',
        manifestJson: manifest,
        workflowJson: { nodes: [], links: [] },
      }),
    ).toThrow(/Export \(API\)/);
  });

  it('refuses a manifest target the workflow lacks', () => {
    const bad = structuredClone(manifest);
    bad.parameters.seed.targets = [{ node: '3', input: 'noise_seed' }];
    expect(() =>
      parseComfyTemplate({ source: 't', manifestJson: bad, workflowJson: workflow }),
    ).toThrow(/3\.noise_seed/);
  });

  it('refuses a workflow node whose class the manifest does not list', () => {
    const bad = { ...workflow, '6': { class_type: 'Mystery', inputs: {} } };
    expect(() =>
      parseComfyTemplate({ source: 't', manifestJson: manifest, workflowJson: bad }),
    ).toThrow(/Mystery/);
  });

  it('changes version when the workflow changes', () => {
    const other = structuredClone(workflow);
    other['3'].inputs.frames = 81;
    expect(
      parseComfyTemplate({ source: 't', manifestJson: manifest, workflowJson: other }).version,
    ).not.toBe(template.version);
  });
});
