import { describe, expect, it } from 'vitest';
import type { ErrorCode } from './error-codes.js';
import { fixHint } from './fix-hint.js';

// The codes a user meets first: a missing or wrong key, a host that is down or lacks a model, a
// bad project file, a port in use, a service that is not running.
const COMMON: readonly ErrorCode[] = [
  'CONFIG_INVALID',
  'USAGE',
  'FILE_WRITE_FAILED',
  'ELEVENLABS_AUTH',
  'ELEVENLABS_QUOTA',
  'ELEVENLABS_REJECTED',
  'ELEVENLABS_RATE_LIMITED',
  'ELEVENLABS_UNAVAILABLE',
  'COMFY_UNREACHABLE',
  'COMFY_MISSING_NODES',
  'COMFY_EXECUTION_FAILED',
  'COMFY_TIMEOUT',
  'COMFY_NO_HOST',
  'SERVER_LISTEN_FAILED',
  'SERVER_UNREACHABLE',
  'API_UNAUTHORIZED',
  'STATE_STORE_FAILED',
  'DRAFT_VOICE_FAILED',
  'RESOLVE_API_UNAVAILABLE',
];

describe('fixHint', () => {
  it.each(COMMON)('tells what to do for %s', (code) => {
    const hint = fixHint(code);
    expect(hint).not.toBeNull();
    expect(hint?.length ?? 0).toBeGreaterThan(20);
    // one line, ending like a sentence
    expect(hint).not.toContain('\n');
    expect(hint).toMatch(/[.)]$/);
  });

  it('names the knob to turn where there is one', () => {
    expect(fixHint('SERVER_LISTEN_FAILED')).toContain('--port');
    expect(fixHint('ELEVENLABS_AUTH')).toContain('ELEVENLABS_API_KEY');
    expect(fixHint('COMFY_UNREACHABLE')).toContain('--listen');
    expect(fixHint('COMFY_MISSING_NODES')).toContain('libero doctor');
    expect(fixHint('COMFY_TIMEOUT')).toContain('comfyui.timeouts');
  });

  it('has no hint for internal errors (nothing a user can do)', () => {
    expect(fixHint('INTERNAL')).toBeNull();
  });
});
