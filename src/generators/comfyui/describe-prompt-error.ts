/** Turns a 400 from `POST /prompt` into a LiberoError that names the node, input and model. */
import { LiberoError } from '../../shared/index.js';
import type { z } from 'zod';
import type { promptErrorResponseSchema } from './comfy-protocol.js';

/** Options for {@link describePromptError}. */
export interface DescribePromptErrorOptions {
  readonly host: string;
  readonly template: string;
  readonly error: z.infer<typeof promptErrorResponseSchema>;
}

/** COMFY_MISSING_NODES for `missing_node_type`, COMFY_PROMPT_REJECTED otherwise. */
export function describePromptError(options: DescribePromptErrorOptions): LiberoError {
  const { host, template, error } = options;
  const top =
    typeof error.error === 'string'
      ? { type: 'invalid_prompt', message: error.error, details: '', extra_info: {} }
      : error.error;
  const nodeLines = Object.entries(error.node_errors).flatMap(([nodeId, entry]) =>
    entry.errors.map(
      (e) =>
        `node ${nodeId} (${entry.class_type}): ${e.message}${e.details === '' ? '' : `: ${e.details}`}`,
    ),
  );
  const details = {
    host,
    template,
    errorType: top.type,
    nodeErrors: error.node_errors,
    extraInfo: top.extra_info,
  };
  if (top.type === 'missing_node_type') {
    const classType = String(top.extra_info['class_type'] ?? '?');
    return new LiberoError(
      'COMFY_MISSING_NODES',
      `ComfyUI host ${host} cannot run template "${template}": node class ${classType} is not installed (${top.message}).`,
      { details },
    );
  }
  const what = nodeLines.length > 0 ? nodeLines.join('; ') : `${top.message} ${top.details}`.trim();
  return new LiberoError(
    'COMFY_PROMPT_REJECTED',
    `ComfyUI host ${host} refused template "${template}" (${top.type}): ${what}.`,
    { details },
  );
}
