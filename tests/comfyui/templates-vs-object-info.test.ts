/**
 * The built-in templates against the object_info fixture written from the real node packs
 * (ComfyUI core, kijai/ComfyUI-CogVideoXWrapper, Kosinkadink/ComfyUI-VideoHelperSuite):
 * every class exists, every literal input is an input of that class, every combo value is
 * allowed, every required input is given. A template edited by hand cannot drift silently.
 */
import { describe, expect, it } from 'vitest';
import { isNodeLink } from '../../src/generators/comfyui/api-workflow.js';
import { bindTemplate } from '../../src/generators/comfyui/bind-template.js';
import { BUILTIN_COMFY_TEMPLATES_DIR } from '../../src/generators/comfyui/comfy-template-fs.js';
import {
  DEFAULT_COMFY_TEMPLATES,
  loadComfyTemplateRegistry,
} from '../../src/generators/comfyui/comfy-template-registry.js';
import { comboValues, findMissing } from '../../src/generators/comfyui/find-missing.js';
import type { ObjectInfo } from '../../src/generators/comfyui/comfy-protocol.js';
import { objectInfoSchema } from '../../src/generators/comfyui/comfy-protocol.js';
import { OBJECT_INFO } from '../fakes/comfyui/fake-comfyui.js';

const objectInfo: ObjectInfo = objectInfoSchema.parse(OBJECT_INFO);
const registry = await loadComfyTemplateRegistry({
  dirs: [BUILTIN_COMFY_TEMPLATES_DIR],
  extra: [],
});
/** Inputs whose allowed values are the host's uploaded files. */
const UPLOADED = new Set(['LoadImage.image', 'VHS_LoadVideo.video']);

describe.each(Object.values(DEFAULT_COMFY_TEMPLATES))('template %s', (name) => {
  const template = registry.get(name);

  it('uses only node classes and inputs that exist, with allowed values', () => {
    const problems: string[] = [];
    for (const [id, node] of Object.entries(template.workflow)) {
      const info = objectInfo[node.class_type];
      if (info === undefined) {
        problems.push(`${id}: unknown class ${node.class_type}`);
        continue;
      }
      const specs: Record<string, unknown[]> = { ...info.input.optional, ...info.input.required };
      // VideoHelperSuite declares each format's own widgets (pix_fmt, crf, ...) inside the
      // `format` input's options (videohelpersuite/nodes.py, VideoCombine.INPUT_TYPES).
      const formats = (
        specs['format']?.[1] as { formats?: Record<string, unknown[][]> } | undefined
      )?.formats;
      for (const widget of formats?.[String(node.inputs['format'])] ?? []) {
        const [widgetName, ...rest] = widget as [string, ...unknown[]];
        specs[widgetName] = rest;
      }
      for (const required of Object.keys(info.input.required)) {
        if (!(required in node.inputs)) problems.push(`${id}.${required}: required input missing`);
      }
      for (const [input, value] of Object.entries(node.inputs)) {
        const spec = specs[input];
        if (spec === undefined) {
          problems.push(`${id}.${input}: ${node.class_type} has no such input`);
          continue;
        }
        const allowed = comboValues(spec);
        if (
          allowed !== null &&
          !isNodeLink(value) &&
          !UPLOADED.has(`${node.class_type}.${input}`) &&
          !allowed.includes(value)
        ) {
          problems.push(`${id}.${input}: ${JSON.stringify(value)} not allowed`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('lists exactly the node classes its workflow uses', () => {
    const used = new Set(Object.values(template.workflow).map((n) => n.class_type));
    expect(new Set(Object.keys(template.manifest.nodes))).toEqual(used);
  });

  it('needs nothing the reference host lacks', () => {
    const workflow = bindTemplate({
      template,
      params: { prompt: 'Italy, 1944', frames: 81 },
      inputs: Object.fromEntries(Object.keys(template.manifest.inputs).map((k) => [k, 'x'])),
    });
    expect(findMissing({ manifest: template.manifest, workflow, objectInfo })).toEqual([]);
  });
});

describe('findMissing', () => {
  it('lists missing classes once with their pack, and model files with their folder', () => {
    const template = registry.get('still-flux-lora');
    const lacking = structuredClone(objectInfo);
    delete lacking['FluxGuidance'];
    lacking['UNETLoader']!.input.required['unet_name'] = [['other.safetensors']];
    const workflow = bindTemplate({
      template,
      params: { prompt: 'p', loraName: 'missing-lora.safetensors' },
      inputs: {},
    });
    expect(findMissing({ manifest: template.manifest, workflow, objectInfo: lacking })).toEqual([
      { kind: 'node', classType: 'FluxGuidance', pack: 'comfy core (comfy_extras/nodes_flux.py)' },
      {
        kind: 'model',
        classType: 'UNETLoader',
        input: 'unet_name',
        value: 'flux1-dev.safetensors',
        folder: 'diffusion_models',
        candidates: [],
        pinned: null,
      },
      {
        kind: 'model',
        classType: 'LoraLoader',
        input: 'lora_name',
        value: 'missing-lora.safetensors',
        folder: 'loras',
        candidates: [],
        pinned: null,
      },
    ]);
  });

  it('reads the newer COMBO spec form', () => {
    expect(comboValues(['COMBO', { options: ['a.pth'] }])).toEqual(['a.pth']);
  });
});
