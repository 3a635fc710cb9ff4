/**
 * The fake's model folders, after ComfyUI's folder_paths: which loader input lists which
 * folder, and the two shapes a dropdown takes in `/object_info` (the classic
 * `[[...values], opts]` and the newer `["COMBO", {options: [...]}]`).
 */
import type { FakeObjectInfo } from './fake-validate.js';

/** Loader inputs whose list is a model folder (folder_paths.get_filename_list). */
export const FOLDER_INPUTS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  UNETLoader: { unet_name: 'diffusion_models' },
  DualCLIPLoader: { clip_name1: 'text_encoders', clip_name2: 'text_encoders' },
  CLIPLoader: { clip_name: 'text_encoders' },
  VAELoader: { vae_name: 'vae' },
  LoraLoader: { lora_name: 'loras' },
  LoraLoaderModelOnly: { lora_name: 'loras' },
  UpscaleModelLoader: { model_name: 'upscale_models' },
  CogVideoXModelLoader: { model: 'diffusion_models' },
  CogVideoXVAELoader: { model_name: 'vae' },
};

/** The values of a dropdown in either shape; null when the input is not a dropdown. */
export function fakeComboValues(spec: readonly unknown[] | undefined): unknown[] | null {
  if (spec === undefined) return null;
  const [first, second] = spec;
  if (Array.isArray(first)) return first as unknown[];
  if (first === 'COMBO' && typeof second === 'object' && second !== null) {
    const options = (second as { options?: unknown }).options;
    return Array.isArray(options) ? (options as unknown[]) : [];
  }
  return null;
}

/**
 * The object_info of a host whose model folders hold `folders` (folder -> files, with
 * subfolders as `upscale/x.safetensors`); folders not named keep the fixture's list.
 */
export function withModelFolders(
  objectInfo: FakeObjectInfo,
  folders: Readonly<Record<string, readonly string[]>>,
): FakeObjectInfo {
  const out = structuredClone(objectInfo);
  for (const [classType, inputs] of Object.entries(FOLDER_INPUTS)) {
    const info = out[classType];
    if (info === undefined) continue;
    for (const [input, folder] of Object.entries(inputs)) {
      const files = folders[folder];
      const spec = info.input.required?.[input] ?? info.input.optional?.[input];
      if (files === undefined || spec === undefined) continue;
      spec[0] = [...files];
    }
  }
  return out;
}

/** The object_info as newer servers write dropdowns: `["COMBO", {options, ...opts}]`. */
export function withComboV2(objectInfo: FakeObjectInfo): FakeObjectInfo {
  const out = structuredClone(objectInfo);
  for (const info of Object.values(out)) {
    for (const group of [info.input.required, info.input.optional]) {
      for (const [name, spec] of Object.entries(group ?? {})) {
        const [values, opts] = spec as [unknown, Record<string, unknown> | undefined];
        if (Array.isArray(values) && group !== undefined)
          group[name] = ['COMBO', { ...(opts ?? {}), options: values }];
      }
    }
  }
  return out;
}
