/**
 * Binds our parameters and uploaded input names into a template's workflow, through the
 * manifest's node-input targets (never by string substitution). Pure: the same template,
 * parameters and inputs always give the same graph.
 */
import { LiberoError } from '../../shared/index.js';
import { isNodeLink } from './api-workflow.js';
import type { ApiNode, ApiWorkflow, InputValue } from './api-workflow.js';
import type { ComfyTemplate } from './comfy-template.js';
import type { TemplateParameter } from './template-manifest.js';

/** Parameter values as the plan gives them. */
export type BindParams = Readonly<Record<string, string | number | boolean | null>>;

/** Options for {@link bindTemplate}. */
export interface BindTemplateOptions {
  readonly template: ComfyTemplate;
  readonly params: BindParams;
  /** Names of the files uploaded to the host (`image` for video, `video` for upscale). */
  readonly inputs: Readonly<Partial<Record<'image' | 'video', string>>>;
}

function invalid(template: string, message: string, details: Record<string, unknown>): never {
  throw new LiberoError('COMFY_TEMPLATE_INVALID', `ComfyUI template "${template}": ${message}`, {
    details: { template, ...details },
  });
}

/** Rounds an integer up to the next `step * k + offset`. */
export function quantizeUp(value: number, quantize: { step: number; offset: number }): number {
  const k = Math.ceil((value - quantize.offset) / quantize.step);
  return Math.max(0, k) * quantize.step + quantize.offset;
}

/** Checks and normalises one value against its declaration. */
function coerce(
  template: string,
  name: string,
  declared: TemplateParameter,
  value: string | number | boolean,
): string | number | boolean {
  const bad = (why: string): never =>
    invalid(template, `parameter "${name}" = ${JSON.stringify(value)} ${why}.`, {
      parameter: name,
      value,
    });
  switch (declared.type) {
    case 'string':
      if (typeof value !== 'string') bad('is not a string');
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') bad('is not a boolean');
      return value;
    case 'integer':
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return bad('is not a number');
      let n = value;
      if (declared.type === 'integer') {
        if (!Number.isInteger(n)) bad('is not an integer');
        if (declared.quantize !== undefined) {
          n = quantizeUp(n, declared.quantize);
          // Shorter than the model makes: ask for its shortest clip (the cut uses the start).
          if (declared.min !== undefined && n < declared.min)
            n = quantizeUp(declared.min, declared.quantize);
        }
        if (declared.multipleOf !== undefined && n % declared.multipleOf !== 0) {
          bad(`is not a multiple of ${declared.multipleOf}`);
        }
      }
      if (declared.min !== undefined && n < declared.min)
        bad(`is below the minimum ${declared.min}`);
      if (declared.max !== undefined && n > declared.max)
        bad(`is above the maximum ${declared.max}`);
      return n;
    }
    default: {
      const never: never = declared.type;
      return never;
    }
  }
}

/** Removes a node and points every link to its outputs at the manifest's replacements. */
function bypassNode(
  graph: Record<
    string,
    { class_type: string; inputs: Record<string, InputValue>; _meta?: ApiNode['_meta'] }
  >,
  nodeId: string,
  replacements: ReadonlyArray<readonly [string, number]>,
): void {
  delete graph[nodeId];
  for (const node of Object.values(graph)) {
    for (const [input, value] of Object.entries(node.inputs)) {
      if (isNodeLink(value) && value[0] === nodeId) {
        const replacement = replacements[value[1]];
        if (replacement === undefined) {
          throw new LiberoError(
            'COMFY_TEMPLATE_INVALID',
            `bypass of node ${nodeId} has no replacement for output ${value[1]}.`,
          );
        }
        node.inputs[input] = [replacement[0], replacement[1]];
      }
    }
  }
}

/**
 * The workflow to queue: a copy of the template's with every given parameter and input
 * written into its targets. Unknown parameters are ignored (a plan may carry parameters of
 * other backends); missing required ones, wrong types and out-of-range values throw
 * COMFY_TEMPLATE_INVALID naming the template and parameter.
 */
export function bindTemplate(options: BindTemplateOptions): ApiWorkflow {
  const { template, params, inputs } = options;
  const { manifest } = template;
  const graph = structuredClone(template.workflow) as Record<
    string,
    { class_type: string; inputs: Record<string, InputValue>; _meta?: ApiNode['_meta'] }
  >;
  const bypassed: string[] = [];
  // Nodes a null parameter takes out (no LoRA): null is fine for what only feeds those nodes.
  const goingAway = new Set(
    Object.entries(manifest.parameters).flatMap(([name, declared]) =>
      params[name] === null && declared.bypassWhenNull !== undefined
        ? [declared.bypassWhenNull]
        : [],
    ),
  );
  for (const [name, declared] of Object.entries(manifest.parameters)) {
    const value = params[name];
    if (value === undefined) {
      if (declared.required)
        invalid(template.name, `parameter "${name}" is required.`, { parameter: name });
      continue;
    }
    if (value === null) {
      if (declared.bypassWhenNull !== undefined) {
        bypassed.push(declared.bypassWhenNull);
        continue;
      }
      const onlyBypassed =
        declared.targets.length > 0 && declared.targets.every((t) => goingAway.has(t.node));
      if (!declared.nullable && !onlyBypassed)
        invalid(template.name, `parameter "${name}" may not be null.`, { parameter: name });
      continue;
    }
    const bound = coerce(template.name, name, declared, value);
    for (const target of declared.targets) {
      const node = graph[target.node];
      if (node !== undefined) node.inputs[target.input] = bound;
    }
  }
  for (const [name, declared] of Object.entries(manifest.inputs)) {
    const file = inputs[name as 'image' | 'video'];
    if (file === undefined) {
      invalid(template.name, `input file "${name}" is required.`, { input: name });
    }
    for (const target of declared.targets) {
      const node = graph[target.node];
      if (node !== undefined) node.inputs[target.input] = file;
    }
  }
  for (const nodeId of bypassed) {
    const replacements = manifest.bypass[nodeId];
    if (replacements !== undefined) bypassNode(graph, nodeId, replacements);
  }
  return graph as ApiWorkflow;
}
