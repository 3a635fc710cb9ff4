/**
 * A ComfyUI template: an API-format workflow plus its manifest, checked against each other.
 * Pure: the `*-fs.ts` beside it reads the files.
 */
import { ValidationError, contentKey } from '../../shared/index.js';
import { apiWorkflowSchema } from './api-workflow.js';
import type { ApiWorkflow } from './api-workflow.js';
import { templateManifestSchema } from './template-manifest.js';
import type { TemplateManifest } from './template-manifest.js';

/** A template ready to bind. */
export interface ComfyTemplate {
  readonly name: string;
  readonly manifest: TemplateManifest;
  readonly workflow: ApiWorkflow;
  /** Hash of workflow and manifest: changes whenever the output could. Part of stage keys. */
  readonly version: string;
}

/** Options for {@link parseComfyTemplate}. */
export interface ParseComfyTemplateOptions {
  /** Where the files came from, for messages. */
  readonly source: string;
  readonly manifestJson: unknown;
  readonly workflowJson: unknown;
}

function fail(source: string, message: string, issues: readonly unknown[] = []): never {
  throw new ValidationError('COMFY_TEMPLATE_INVALID', `ComfyUI template ${source}: ${message}`, {
    details: { template: source },
    issues,
  });
}

/** Validates a manifest and its workflow together; throws COMFY_TEMPLATE_INVALID naming the field. */
export function parseComfyTemplate(options: ParseComfyTemplateOptions): ComfyTemplate {
  const { source } = options;
  if (
    typeof options.workflowJson === 'object' &&
    options.workflowJson !== null &&
    'nodes' in options.workflowJson &&
    'links' in options.workflowJson
  ) {
    fail(source, 'the workflow is in the UI format; export it with File > Export (API).');
  }
  const manifestResult = templateManifestSchema.safeParse(options.manifestJson);
  if (!manifestResult.success) {
    const first = manifestResult.error.issues[0];
    fail(
      source,
      `manifest field ${first?.path.join('.') ?? '?'}: ${first?.message ?? 'invalid'}`,
      manifestResult.error.issues,
    );
  }
  const workflowResult = apiWorkflowSchema.safeParse(options.workflowJson);
  if (!workflowResult.success) {
    const first = workflowResult.error.issues[0];
    fail(
      source,
      `workflow node ${first?.path.join('.') ?? '?'}: ${first?.message ?? 'invalid'}`,
      workflowResult.error.issues,
    );
  }
  const manifest = manifestResult.data;
  const workflow = workflowResult.data as ApiWorkflow;
  const hasInput = (node: string, input: string): boolean =>
    workflow[node] !== undefined && input in workflow[node].inputs;

  for (const [id, node] of Object.entries(workflow)) {
    if (manifest.nodes[node.class_type] === undefined) {
      fail(source, `node ${id} (${node.class_type}) is not listed in the manifest's "nodes".`);
    }
  }
  for (const [name, parameter] of Object.entries(manifest.parameters)) {
    for (const t of parameter.targets) {
      if (!hasInput(t.node, t.input)) {
        fail(source, `parameter "${name}" targets ${t.node}.${t.input}, which the workflow lacks.`);
      }
    }
    if (
      parameter.bypassWhenNull !== undefined &&
      manifest.bypass[parameter.bypassWhenNull] === undefined
    ) {
      fail(
        source,
        `parameter "${name}" bypasses node ${parameter.bypassWhenNull}, which "bypass" lacks.`,
      );
    }
  }
  for (const [name, input] of Object.entries(manifest.inputs)) {
    for (const t of input.targets) {
      if (!hasInput(t.node, t.input)) {
        fail(source, `input "${name}" targets ${t.node}.${t.input}, which the workflow lacks.`);
      }
    }
  }
  for (const m of manifest.models) {
    if (!hasInput(m.node, m.input)) {
      fail(source, `model ${m.node}.${m.input} is not an input of the workflow.`);
    }
  }
  if (workflow[manifest.output.node] === undefined) {
    fail(source, `output node ${manifest.output.node} is not in the workflow.`);
  }
  if (manifest.batch !== null) {
    for (const p of [manifest.batch.startParam, manifest.batch.sizeParam]) {
      if (manifest.parameters[p] === undefined)
        fail(source, `batch parameter "${p}" is not declared.`);
    }
  }
  return {
    name: manifest.name,
    manifest,
    workflow,
    version: `${manifest.version}-${contentKey({ manifest, workflow }).slice(0, 12)}`,
  };
}
