/**
 * The ASC CDL as look matching uses it. The type, the metadata reader and the ffmpeg filters
 * are the render's (src/conform/render/cdl.ts), so a shot is measured after matching exactly
 * as the render will show it; this file adds what derivation needs: the identity, the
 * saturation alone (to undo it), and the JSON written into `metadata.libero.cdl_auto`
 * (`{slope:[r,g,b], offset:[r,g,b], power:[r,g,b], saturation}`).
 */
import type { Cdl } from '../render/cdl.js';

export type { Cdl } from '../render/cdl.js';
export { applyCdl, cdlFilter, cdlFromMetadata, isIdentityCdl } from '../render/cdl.js';

/** A triple of per-channel values, red, green, blue. */
export type Rgb = readonly [number, number, number];

/** The CDL that changes nothing. */
export const IDENTITY_CDL: Cdl = {
  slope: [1, 1, 1],
  offset: [0, 0, 0],
  power: [1, 1, 1],
  saturation: 1,
};

/** Rec.709 luma weights, which the ASC CDL saturation uses. */
export const REC709_LUMA: Rgb = [0.2126, 0.7152, 0.0722];

/** The plain JSON written into `metadata.libero.cdl_auto`, rounded to 5 decimals. */
export function cdlToMetadata(cdl: Cdl): {
  slope: number[];
  offset: number[];
  power: number[];
  saturation: number;
} {
  const r = (v: number): number => Math.round(v * 1e5) / 1e5;
  return {
    slope: cdl.slope.map(r),
    offset: cdl.offset.map(r),
    power: cdl.power.map(r),
    saturation: r(cdl.saturation),
  };
}

/** Applies a saturation around Rec.709 luma to one colour (pure, unclamped). */
export function applySaturation(rgb: Rgb, saturation: number): Rgb {
  const luma = rgb[0] * REC709_LUMA[0] + rgb[1] * REC709_LUMA[1] + rgb[2] * REC709_LUMA[2];
  return [
    luma + saturation * (rgb[0] - luma),
    luma + saturation * (rgb[1] - luma),
    luma + saturation * (rgb[2] - luma),
  ];
}
