import { describe, expect, it } from 'vitest';
import { upscaleWindow, usedRange } from './upscale-window.js';

describe('upscaleWindow', () => {
  it('is the used range plus handles each side, clamped at the clip start', () => {
    expect(upscaleWindow({ trimStart: 0, trimFrames: 18, handles: 2 }, 12)).toEqual({
      start: 0,
      end: 20,
    });
    expect(upscaleWindow({ trimStart: 30, trimFrames: 10 }, 12)).toEqual({ start: 18, end: 52 });
    expect(upscaleWindow({ trimStart: 5, trimFrames: 10, handles: 0 }, 12)).toEqual({
      start: 5,
      end: 15,
    });
  });

  it('is the whole clip when the params name no range', () => {
    expect(upscaleWindow({ fps: 12 }, 12)).toBeNull();
    expect(usedRange({ trimStart: 0, trimFrames: null })).toBeNull();
  });
});
