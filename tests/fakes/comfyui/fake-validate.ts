/**
 * The fake's `POST /prompt` validation, after ComfyUI's execution.py `validate_prompt`:
 * unknown class -> `missing_node_type`; per node, missing required input, bad link, combo
 * value not in the list (`value_not_in_list`), numbers out of range, and an input file that
 * is not on the host (`custom_validation_failed`, "Invalid image file").
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fakeComboValues } from './fake-models.js';

/** object_info as the fake serves it. */
export type FakeObjectInfo = Record<
  string,
  {
    input: { required?: Record<string, unknown[]>; optional?: Record<string, unknown[]> };
    output: unknown[];
    output_node: boolean;
    display_name?: string;
  }
>;

/** A node as posted. */
export interface PostedNode {
  class_type?: unknown;
  inputs?: Record<string, unknown>;
  _meta?: { title?: string };
}

/** What `POST /prompt` answers with 400. */
export interface ValidationFailure {
  error: { type: string; message: string; details: string; extra_info: Record<string, unknown> };
  node_errors: Record<
    string,
    {
      errors: Array<{
        type: string;
        message: string;
        details: string;
        extra_info: Record<string, unknown>;
      }>;
      dependent_outputs: string[];
      class_type: string;
    }
  >;
}

/** Inputs whose combo list is the host's input folder: checked against uploaded files. */
const FILE_INPUTS: Record<string, string> = { LoadImage: 'image', VHS_LoadVideo: 'video' };

/** Validates a posted prompt; returns null when it may run. */
export function validatePrompt(options: {
  prompt: Record<string, PostedNode>;
  objectInfo: FakeObjectInfo;
  inputDir: string;
}): ValidationFailure | null {
  const { prompt, objectInfo, inputDir } = options;
  for (const [id, node] of Object.entries(prompt)) {
    const classType = typeof node.class_type === 'string' ? node.class_type : '';
    if (objectInfo[classType] === undefined) {
      return {
        error: {
          type: 'missing_node_type',
          message: `Node '${node._meta?.title ?? classType}' not found. The custom node may not be installed.`,
          details: `Node ID '#${id}'`,
          extra_info: {
            node_id: id,
            class_type: classType,
            node_title: node._meta?.title ?? classType,
          },
        },
        node_errors: {},
      };
    }
  }
  const outputs = Object.entries(prompt).filter(
    ([, n]) => objectInfo[String(n.class_type)]?.output_node === true,
  );
  if (outputs.length === 0) {
    return {
      error: {
        type: 'prompt_no_outputs',
        message: 'Prompt has no outputs',
        details: '',
        extra_info: {},
      },
      node_errors: {},
    };
  }
  const nodeErrors: ValidationFailure['node_errors'] = {};
  for (const [id, node] of Object.entries(prompt)) {
    const classType = String(node.class_type);
    const info = objectInfo[classType];
    if (info === undefined) continue;
    const inputs = node.inputs ?? {};
    const errors: ValidationFailure['node_errors'][string]['errors'] = [];
    const specs = { ...(info.input.optional ?? {}), ...(info.input.required ?? {}) };
    for (const name of Object.keys(info.input.required ?? {})) {
      if (!(name in inputs)) {
        errors.push({
          type: 'required_input_missing',
          message: 'Required input is missing',
          details: name,
          extra_info: { input_name: name },
        });
      }
    }
    for (const [name, value] of Object.entries(inputs)) {
      const spec = specs[name];
      if (spec === undefined) continue; // ComfyUI ignores extra inputs
      const [type, opts] = spec as [unknown, Record<string, unknown> | undefined];
      if (Array.isArray(value)) {
        const [source, slot] = value as [unknown, unknown];
        const from = prompt[String(source)];
        if (from === undefined) {
          errors.push({
            type: 'bad_linked_input',
            message: 'Bad linked input, must be a length-2 list of [string, int]',
            details: `${name}, ${JSON.stringify(value)}`,
            extra_info: { input_name: name },
          });
          continue;
        }
        // execution.py validate_inputs: the source's RETURN_TYPES[slot] must be the input's type.
        const received = objectInfo[String(from.class_type)]?.output[Number(slot)];
        const expected = type === 'COMBO' || Array.isArray(type) ? 'COMBO' : type;
        if (
          typeof expected === 'string' &&
          expected !== '*' &&
          received !== '*' &&
          !String(expected).split(',').includes(String(received))
        ) {
          errors.push({
            type: 'return_type_mismatch',
            message: 'Return type mismatch between linked nodes',
            details: `${name}, received_type(${String(received)}) mismatch input_type(${expected})`,
            extra_info: {
              input_name: name,
              input_config: spec,
              received_type: received,
              linked_node: value,
            },
          });
        }
        continue;
      }
      if (FILE_INPUTS[classType] === name) {
        if (typeof value !== 'string' || !existsSync(join(inputDir, value))) {
          errors.push({
            type: 'custom_validation_failed',
            message: 'Custom validation failed for node',
            details: `${name} - Invalid ${classType === 'LoadImage' ? 'image' : 'video'} file: ${String(value)}`,
            extra_info: { input_name: name },
          });
        }
        continue;
      }
      const listed = fakeComboValues(spec);
      if (listed !== null) {
        if (!listed.includes(value)) {
          const type = listed;
          const shown =
            type.length > 8
              ? `${JSON.stringify(type.slice(0, 8)).slice(0, -1)}, ...]`
              : JSON.stringify(type);
          errors.push({
            type: 'value_not_in_list',
            message: 'Value not in list',
            details: `${name}: '${String(value)}' not in ${shown}`,
            extra_info: { input_name: name, received_value: value },
          });
        }
        continue;
      }
      if ((type === 'INT' || type === 'FLOAT') && typeof value === 'number') {
        const min = opts?.['min'];
        const max = opts?.['max'];
        if (typeof min === 'number' && value < min) {
          errors.push({
            type: 'value_smaller_than_min',
            message: `Value ${value} smaller than min of ${min}`,
            details: name,
            extra_info: { input_name: name },
          });
        }
        if (typeof max === 'number' && value > max) {
          errors.push({
            type: 'value_bigger_than_max',
            message: `Value ${value} bigger than max of ${max}`,
            details: name,
            extra_info: { input_name: name },
          });
        }
      }
    }
    if (errors.length > 0) {
      nodeErrors[id] = {
        errors,
        dependent_outputs: outputs.map(([o]) => o),
        class_type: classType,
      };
    }
  }
  if (Object.keys(nodeErrors).length === 0) return null;
  return {
    error: {
      type: 'prompt_outputs_failed_validation',
      message: 'Prompt outputs failed validation',
      details: '',
      extra_info: {},
    },
    node_errors: nodeErrors,
  };
}
