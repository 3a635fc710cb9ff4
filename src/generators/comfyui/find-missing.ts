/**
 * What a host lacks to run a bound workflow, read from its `GET /object_info`: node classes
 * (a custom node pack not installed) and model files (a value not in a loader's list). Pure.
 */
import type { ApiWorkflow } from './api-workflow.js';
import type { ObjectInfo } from './comfy-protocol.js';
import type { TemplateManifest } from './template-manifest.js';
import { MODEL_EXTENSIONS, resolveModelFile, stemOf } from './resolve-model-file.js';
import type { ModelResolution } from './resolve-model-file.js';

/** One thing the host lacks. */
export type MissingItem =
  | { readonly kind: 'node'; readonly classType: string; readonly pack: string }
  | {
      readonly kind: 'malformed';
      readonly classType: string;
      readonly pack: string;
      /** Why its `/object_info` description does not parse. */
      readonly problem: string;
    }
  | {
      readonly kind: 'model';
      readonly classType: string;
      readonly input: string;
      readonly value: string;
      readonly folder: string;
      /** Files that match the model's stem equally well (an ambiguity; a pin settles it). */
      readonly candidates: readonly string[];
      /** The libero.json `comfyui.models` pin that is not on the host, if that is why. */
      readonly pinned: string | null;
    };

/** What one model input of a template resolved to on a host (for `doctor` and provenance). */
export interface ModelReport {
  readonly node: string;
  readonly input: string;
  readonly folder: string;
  /** The template's value. */
  readonly wanted: string;
  readonly resolution: ModelResolution;
}

/** The allowed values of a combo input: classic `[[...values], opts]` or `["COMBO", {options}]`. */
export function comboValues(spec: readonly unknown[] | undefined): readonly unknown[] | null {
  if (spec === undefined) return null;
  const [first, second] = spec;
  if (Array.isArray(first)) return first;
  if (first === 'COMBO' && typeof second === 'object' && second !== null) {
    const options = (second as { options?: unknown }).options;
    if (Array.isArray(options)) return options;
  }
  return null;
}

/** Options for {@link findMissing} and {@link resolveModels}. */
export interface FindMissingOptions {
  readonly manifest: TemplateManifest;
  /** The bound workflow (model names may come from parameters, such as the LoRA). */
  readonly workflow: ApiWorkflow;
  readonly objectInfo: ObjectInfo;
  /** libero.json `comfyui.models` (stem -> file); absent: none. */
  readonly pins?: Readonly<Record<string, string>>;
  /** Classes whose `/object_info` description did not parse (`parseObjectInfo`); absent: none. */
  readonly malformed?: Readonly<Record<string, string>>;
}

/** The workflow with every model input set to the file the host lists, and what each became. */
export interface ResolvedModels {
  readonly workflow: ApiWorkflow;
  readonly models: readonly ModelReport[];
}

/**
 * Resolves every model input the manifest names against the host's lists (see
 * `resolve-model-file.ts`); inputs that do not resolve keep the template's value.
 */
export function resolveModels(options: FindMissingOptions): ResolvedModels {
  const { manifest, objectInfo } = options;
  const workflow = structuredClone(options.workflow) as Record<
    string,
    { class_type: string; inputs: Record<string, unknown> }
  >;
  const models: ModelReport[] = [];
  for (const model of manifest.models) {
    const node = workflow[model.node];
    if (node === undefined) continue; // bypassed (no LoRA)
    const value = node.inputs[model.input];
    if (typeof value !== 'string') continue;
    const info = objectInfo[node.class_type];
    if (info === undefined) continue; // reported as a missing node
    const spec = info.input.required[model.input] ?? info.input.optional[model.input];
    const available = (comboValues(spec) ?? []).filter((v): v is string => typeof v === 'string');
    const resolution = resolveModelFile({ wanted: value, available, pins: options.pins ?? {} });
    if (resolution.kind === 'found') node.inputs[model.input] = resolution.file;
    models.push({ ...model, wanted: value, resolution });
  }
  return { workflow: workflow as ApiWorkflow, models };
}

/** Every node class and model file the workflow needs and the host does not have (or has twice). */
export function findMissing(options: FindMissingOptions): MissingItem[] {
  const { manifest, workflow, objectInfo } = options;
  const missing: MissingItem[] = [];
  const seenClasses = new Set<string>();
  for (const node of Object.values(workflow)) {
    if (objectInfo[node.class_type] === undefined && !seenClasses.has(node.class_type)) {
      seenClasses.add(node.class_type);
      const pack = manifest.nodes[node.class_type] ?? 'unknown node pack';
      const problem = options.malformed?.[node.class_type];
      missing.push(
        problem === undefined
          ? { kind: 'node', classType: node.class_type, pack }
          : { kind: 'malformed', classType: node.class_type, pack, problem },
      );
    }
  }
  for (const model of resolveModels(options).models) {
    const { resolution } = model;
    if (resolution.kind === 'found') continue;
    missing.push({
      kind: 'model',
      classType: workflow[model.node]?.class_type ?? '?',
      input: model.input,
      value: model.wanted,
      folder: model.folder,
      candidates: resolution.kind === 'ambiguous' ? resolution.candidates : [],
      pinned: resolution.kind === 'missing' ? resolution.pinned : null,
    });
  }
  return missing;
}

/** One line per missing item, for messages. */
export function describeMissing(items: readonly MissingItem[]): string {
  return items
    .map((m) =>
      m.kind === 'node'
        ? `node class ${m.classType} (install ${m.pack})`
        : m.kind === 'malformed'
          ? `a readable node class ${m.classType} (its /object_info entry does not parse: ${m.problem}; update ${m.pack})`
          : m.candidates.length > 0
            ? `one model file for "${m.value}" (${m.classType}.${m.input}), not ${m.candidates.map((c) => `"${c}"`).join(' and ')} (pin one in libero.json comfyui.models)`
            : m.pinned !== null
              ? `model file "${m.pinned}" pinned for "${m.value}" in libero.json comfyui.models (${m.classType}.${m.input}; put it in models/${m.folder})`
              : `model file "${m.value}" for ${m.classType}.${m.input} (a file named ${stemOf(m.value)} with any of ${MODEL_EXTENSIONS.join(' ')}; put it in models/${m.folder})`,
    )
    .join('; ');
}
