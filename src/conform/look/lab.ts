/**
 * Colour conversions for the look distance: video code values (Rec.709 primaries, D65, which
 * are sRGB's) to CIELAB, through the sRGB transfer curve. Pure.
 */
import type { Rgb } from './cdl.js';

/** A CIELAB colour [L*, a*, b*]. */
export type Lab = readonly [number, number, number];

const toLinear = (v: number): number => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);

// D65 white of the sRGB matrix.
const WHITE: Rgb = [0.95047, 1, 1.08883];

const f = (t: number): number => (t > 216 / 24389 ? Math.cbrt(t) : ((24389 / 27) * t + 16) / 116);

/** Converts a 0..1 Rec.709/sRGB code-value colour to CIELAB (D65). */
export function rgbToLab(rgb: Rgb): Lab {
  const [r, g, b] = rgb.map(toLinear) as [number, number, number];
  const x = 0.4124564 * r + 0.3575761 * g + 0.1804375 * b;
  const y = 0.2126729 * r + 0.7151522 * g + 0.072175 * b;
  const z = 0.0193339 * r + 0.119192 * g + 0.9503041 * b;
  const fx = f(x / WHITE[0]);
  const fy = f(y / WHITE[1]);
  const fz = f(z / WHITE[2]);
  return [116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)];
}
