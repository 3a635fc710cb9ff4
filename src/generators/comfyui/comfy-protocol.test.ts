import { describe, expect, it } from 'vitest';
import { hasCode } from '../../shared/index.js';
import { parseWsMessage, promptErrorResponseSchema } from './comfy-protocol.js';
import { describePromptError } from './describe-prompt-error.js';

describe('parseWsMessage', () => {
  it.each([
    // the final executing of older servers
    ['{"type":"executing","data":{"node":null,"prompt_id":"p1"}}', 'executing'],
    ['{"type":"progress","data":{"value":3,"max":25,"prompt_id":"p1","node":"8"}}', 'progress'],
    [
      '{"type":"execution_error","data":{"prompt_id":"p1","node_id":"8","node_type":"CogVideoSampler","exception_message":"CUDA out of memory","exception_type":"torch.OutOfMemoryError","traceback":[],"executed":[],"current_inputs":{},"current_outputs":{}}}',
      'execution_error',
    ],
    [
      '{"type":"status","data":{"status":{"exec_info":{"queue_remaining":0}},"sid":"abc"}}',
      'status',
    ],
  ])('reads %s', (text, type) => {
    const message = parseWsMessage(text);
    expect(message !== null && message !== 'invalid' && message.type).toBe(type);
  });

  it('ignores message types it does not know (newer servers)', () => {
    expect(
      parseWsMessage('{"type":"progress_state","data":{"prompt_id":"p1","nodes":{}}}'),
    ).toBeNull();
  });

  it('flags a known type with the wrong shape, and non-JSON', () => {
    expect(parseWsMessage('{"type":"progress","data":{"value":"x"}}')).toBe('invalid');
    expect(parseWsMessage('not json')).toBe('invalid');
  });
});

describe('describePromptError', () => {
  it('names the node, the input and the model for value_not_in_list', () => {
    const error = describePromptError({
      host: 'http://gpu1:8188',
      template: 'still-flux-lora',
      error: promptErrorResponseSchema.parse({
        error: {
          type: 'prompt_outputs_failed_validation',
          message: 'Prompt outputs failed validation',
          details: '',
          extra_info: {},
        },
        node_errors: {
          '1': {
            errors: [
              {
                type: 'value_not_in_list',
                message: 'Value not in list',
                details: "unet_name: 'flux1-dev.safetensors' not in []",
                extra_info: {},
              },
            ],
            dependent_outputs: ['15'],
            class_type: 'UNETLoader',
          },
        },
      }),
    });
    expect(hasCode(error, 'COMFY_PROMPT_REJECTED')).toBe(true);
    expect(error.message).toBe(
      'ComfyUI host http://gpu1:8188 refused template "still-flux-lora" (prompt_outputs_failed_validation): node 1 (UNETLoader): Value not in list: unet_name: \'flux1-dev.safetensors\' not in [].',
    );
  });

  it('turns missing_node_type into COMFY_MISSING_NODES', () => {
    const error = describePromptError({
      host: 'h',
      template: 't',
      error: promptErrorResponseSchema.parse({
        error: {
          type: 'missing_node_type',
          message: "Node 'CogVideoSampler' not found.",
          details: '',
          extra_info: { node_id: '8', class_type: 'CogVideoSampler' },
        },
        node_errors: {},
      }),
    });
    expect(hasCode(error, 'COMFY_MISSING_NODES')).toBe(true);
    expect(error.message).toContain('node class CogVideoSampler is not installed');
  });
});
