/**
 * What a host lacks to run a bound workflow, read from its `GET /object_info`: node classes
 * (a custom node pack not installed) and model files (a value not in a loader's list). Pure.
 */
import { isNodeLink } from './api-workflow.js';
import type { ApiWorkflow } from './api-workflow.js';
import type { ObjectInfo } from './comfy-protocol.js';
import type { TemplateManifest } from './template-manifest.js';

/** One thing the host lacks. */
export type MissingItem =
  | { readonly kind: 'node'; readonly classType: string; readonly pack: string }
  | {
      readonly kind: 'model';
      readonly classType: string;
      readonly input: string;
      readonly value: string;
      readonly folder: string;
    };

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

/** Options for {@link findMissing}. */
export interface FindMissingOptions {
  readonly manifest: TemplateManifest;
  /** The bound workflow (model names may come from parameters, such as the LoRA). */
  readonly workflow: ApiWorkflow;
  readonly objectInfo: ObjectInfo;
}

/** Every node class and model file the workflow needs and the host does not have. */
export function findMissing(options: FindMissingOptions): MissingItem[] {
  const { manifest, workflow, objectInfo } = options;
  const missing: MissingItem[] = [];
  const seenClasses = new Set<string>();
  for (const node of Object.values(workflow)) {
    if (objectInfo[node.class_type] === undefined && !seenClasses.has(node.class_type)) {
      seenClasses.add(node.class_type);
      missing.push({
        kind: 'node',
        classType: node.class_type,
        pack: manifest.nodes[node.class_type] ?? 'unknown node pack',
      });
    }
  }
  for (const model of manifest.models) {
    const node = workflow[model.node];
    if (node === undefined) continue; // bypassed (no LoRA)
    const value = node.inputs[model.input];
    if (typeof value !== 'string' || isNodeLink(value)) continue;
    const info = objectInfo[node.class_type];
    if (info === undefined) continue; // already reported as a missing node
    const spec = info.input.required[model.input] ?? info.input.optional[model.input];
    const values = comboValues(spec);
    if (values === null || !values.includes(value)) {
      missing.push({
        kind: 'model',
        classType: node.class_type,
        input: model.input,
        value,
        folder: model.folder,
      });
    }
  }
  return missing;
}

/** One line per missing item, for messages. */
export function describeMissing(items: readonly MissingItem[]): string {
  return items
    .map((m) =>
      m.kind === 'node'
        ? `node class ${m.classType} (install ${m.pack})`
        : `model file "${m.value}" for ${m.classType}.${m.input} (put it in models/${m.folder})`,
    )
    .join('; ');
}
