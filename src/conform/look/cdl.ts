/**
 * The ASC CDL as libero stores it in clip metadata (`metadata.libero.cdl` from the editor,
 * `metadata.libero.cdl_auto` from look matching) and the render applies it:
 * out = clamp(in * slope + offset, 0, 1) ^ power per channel, then saturation around Rec.709
 * luma (ASC CDL v1.2). Values are on the file's code values (0..1).
 */
import { z } from 'zod';

/** A triple of per-channel values, red, green, blue. */
export type Rgb = readonly [number, number, number];

/** One ASC CDL: slope, offset, power per channel and one saturation. */
export interface Cdl {
  readonly slope: Rgb;
  readonly offset: Rgb;
  readonly power: Rgb;
  readonly saturation: number;
}

/** The CDL that changes nothing. */
export const IDENTITY_CDL: Cdl = {
  slope: [1, 1, 1],
  offset: [0, 0, 0],
  power: [1, 1, 1],
  saturation: 1,
};

/** Rec.709 luma weights, which the ASC CDL saturation uses. */
export const REC709_LUMA: Rgb = [0.2126, 0.7152, 0.0722];

const triple = z.tuple([z.number(), z.number(), z.number()]);

/** The metadata shape (`{slope:[r,g,b], offset:[r,g,b], power:[r,g,b], saturation}`). */
export const cdlSchema = z.object({
  slope: triple,
  offset: triple,
  power: triple.refine((p) => p.every((v) => v > 0), 'power must be > 0'),
  saturation: z.number().min(0),
});

/** Reads a CDL from clip metadata; null when absent or not a CDL. */
export function cdlFromMetadata(value: unknown): Cdl | null {
  const parsed = cdlSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

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

const clamp01 = (v: number): number => Math.min(1, Math.max(0, v));

/** Applies slope, offset and power to one channel value (pure). */
export function applySop(value: number, channel: 0 | 1 | 2, cdl: Cdl): number {
  return clamp01(value * cdl.slope[channel] + cdl.offset[channel]) ** cdl.power[channel];
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

/** Applies the whole CDL to one colour, clamped to 0..1 as an 8-bit render would (pure). */
export function applyCdl(rgb: Rgb, cdl: Cdl): Rgb {
  const sop: Rgb = [applySop(rgb[0], 0, cdl), applySop(rgb[1], 1, cdl), applySop(rgb[2], 2, cdl)];
  const out = applySaturation(sop, cdl.saturation);
  return [clamp01(out[0]), clamp01(out[1]), clamp01(out[2])];
}
