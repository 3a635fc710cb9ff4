/**
 * An ASC CDL as an ffmpeg filter chain: `lutrgb` for slope/offset/power per channel, then
 * `colorchannelmixer` for the saturation around Rec.709 luma (the mix is linear, so it is
 * exact). Used by `libero match` to measure a shot after matching exactly as it will look.
 * See https://ffmpeg.org/ffmpeg-filters.html#lutrgb and #colorchannelmixer.
 */
import { REC709_LUMA } from './cdl.js';
import type { Cdl } from './cdl.js';

const fmt = (v: number): string => String(Math.round(v * 1e6) / 1e6);

function channelExpr(slope: number, offset: number, power: number): string {
  const sign = offset < 0 ? '-' : '+';
  return `pow(clip(val/255*${fmt(slope)}${sign}${fmt(Math.abs(offset))},0,1),${fmt(power)})*255`;
}

/** The filter chain applying `cdl` (pure); the input is converted to RGB first. */
export function cdlFilter(cdl: Cdl): string {
  const lut = ['r', 'g', 'b']
    .map((c, i) => {
      const k = i as 0 | 1 | 2;
      return `${c}='${channelExpr(cdl.slope[k], cdl.offset[k], cdl.power[k])}'`;
    })
    .join(':');
  const s = cdl.saturation;
  const mix: string[] = [];
  const names = ['r', 'g', 'b'] as const;
  for (let out = 0; out < 3; out++) {
    for (let inp = 0; inp < 3; inp++) {
      const w = (1 - s) * (REC709_LUMA[inp as 0 | 1 | 2] ?? 0) + (out === inp ? s : 0);
      mix.push(`${names[out]}${names[inp]}=${fmt(w)}`);
    }
  }
  return `format=gbrp,lutrgb=${lut},colorchannelmixer=${mix.join(':')}`;
}
