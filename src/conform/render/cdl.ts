/**
 * ASC CDL (slope, offset, power, saturation) per clip: reading it from clip metadata and
 * turning it into ffmpeg filters. The maths is the ASC's:
 *   out = clamp(in * slope + offset, 0, 1) ^ power            per channel
 *   luma = 0.2126 R + 0.7152 G + 0.0722 B                      (Rec. 709 weights)
 *   out = luma + saturation * (out - luma)
 */

/** An ASC CDL. */
export interface Cdl {
  readonly slope: readonly [number, number, number];
  readonly offset: readonly [number, number, number];
  readonly power: readonly [number, number, number];
  readonly saturation: number;
}

/** Where a clip's CDL came from (for the render summary and tests). */
export type CdlOrigin = 'libero' | 'resolve' | 'otio-cdl' | 'auto';

type Triple = readonly [number, number, number];

function triple(value: unknown): Triple | null {
  let list: unknown = value;
  if (typeof value === 'string')
    list = value
      .trim()
      .split(/[\s,]+/)
      .map(Number);
  if (typeof value === 'number') list = [value, value, value];
  if (!Array.isArray(list) || list.length !== 3) return null;
  const numbers = list.map((v) => (typeof v === 'string' ? Number(v) : v));
  if (!numbers.every((n): n is number => typeof n === 'number' && Number.isFinite(n))) return null;
  return [numbers[0] ?? 0, numbers[1] ?? 0, numbers[2] ?? 0];
}

function scalar(value: unknown, fallback: number): number | null {
  if (value === undefined || value === null) return fallback;
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : null;
}

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

function pick(obj: Record<string, unknown>, ...keys: string[]): unknown {
  for (const key of keys) if (key in obj) return obj[key];
  return undefined;
}

/** Reads `{slope, offset, power, saturation}` (any key case); null when absent or malformed. */
function readSop(obj: Record<string, unknown> | null): Cdl | null {
  if (obj === null) return null;
  const slope = triple(pick(obj, 'slope', 'Slope') ?? [1, 1, 1]);
  const offset = triple(pick(obj, 'offset', 'Offset') ?? [0, 0, 0]);
  const power = triple(pick(obj, 'power', 'Power') ?? [1, 1, 1]);
  const saturation = scalar(pick(obj, 'saturation', 'Saturation', 'sat'), 1);
  if (slope === null || offset === null || power === null || saturation === null) return null;
  if (
    pick(
      obj,
      'slope',
      'Slope',
      'offset',
      'Offset',
      'power',
      'Power',
      'saturation',
      'Saturation',
    ) === undefined
  )
    return null;
  return { slope, offset, power, saturation };
}

/**
 * A clip's CDL from its metadata, in this order: `libero.cdl` (the editor's own), DaVinci
 * Resolve's fields (`Resolve_OTIO.CDL` with `Slope`/`Offset`/`Power`/`Saturation`, the
 * names of Resolve's `TimelineItem.SetCDL`), OTIO's `cdl` (`asc_sop` + `asc_sat`, written by
 * the CMX 3600 / ALE adapters from a Resolve EDL with CDL), then `libero.cdl_auto` (written by
 * look matching) only when the editor gave none.
 */
export function cdlFromMetadata(
  metadata: Readonly<Record<string, unknown>>,
): { cdl: Cdl; origin: CdlOrigin } | null {
  const libero = record(metadata['libero']);
  const own = readSop(record(libero?.['cdl']));
  if (own !== null) return { cdl: own, origin: 'libero' };
  const resolve = record(metadata['Resolve_OTIO']);
  const resolveCdl = readSop(record(resolve?.['CDL']) ?? record(resolve?.['cdl']));
  if (resolveCdl !== null) return { cdl: resolveCdl, origin: 'resolve' };
  const otio = record(metadata['cdl']);
  if (otio !== null) {
    const sop = record(otio['asc_sop']) ?? {};
    const merged = readSop({ ...sop, saturation: otio['asc_sat'] ?? 1 });
    if (merged !== null && (otio['asc_sop'] !== undefined || otio['asc_sat'] !== undefined))
      return { cdl: merged, origin: 'otio-cdl' };
  }
  const auto = readSop(record(libero?.['cdl_auto']));
  if (auto !== null) return { cdl: auto, origin: 'auto' };
  return null;
}

/** True when the CDL changes nothing. */
export function isIdentityCdl(cdl: Cdl): boolean {
  return (
    cdl.slope.every((v) => v === 1) &&
    cdl.offset.every((v) => v === 0) &&
    cdl.power.every((v) => v === 1) &&
    cdl.saturation === 1
  );
}

function num(n: number): string {
  return Number(n.toFixed(6)).toString();
}

/**
 * The CDL as ffmpeg filters: `lutrgb` for slope/offset/power (an exact 8-bit table per
 * channel) and `colorchannelmixer` for saturation. Empty string for an identity CDL.
 */
export function cdlFilter(cdl: Cdl): string {
  if (isIdentityCdl(cdl)) return '';
  const channels = ['r', 'g', 'b'] as const;
  const sop = channels
    .map((c, i) => {
      const s = num(cdl.slope[i] ?? 1);
      const o = num(cdl.offset[i] ?? 0);
      const p = num(cdl.power[i] ?? 1);
      return `${c}='clip(pow(clip(val/maxval*${s}+${o},0,1),${p})*maxval,0,maxval)'`;
    })
    .join(':');
  const parts = [`lutrgb=${sop}`];
  if (cdl.saturation !== 1) {
    const s = cdl.saturation;
    const w = [0.2126, 0.7152, 0.0722];
    const coef = (row: number, col: number): string =>
      num((w[col] ?? 0) * (1 - s) + (row === col ? s : 0));
    const names = ['r', 'g', 'b'];
    const opts: string[] = [];
    for (let row = 0; row < 3; row++)
      for (let col = 0; col < 3; col++) opts.push(`${names[row]}${names[col]}=${coef(row, col)}`);
    parts.push(`colorchannelmixer=${opts.join(':')}`);
  }
  return parts.join(',');
}

/** Applies a CDL to one 0..1 RGB value (the reference the filters are tested against). */
export function applyCdl(cdl: Cdl, rgb: Triple): Triple {
  const sop = rgb.map((v, i) => {
    const x = Math.min(1, Math.max(0, v * (cdl.slope[i] ?? 1) + (cdl.offset[i] ?? 0)));
    return Math.pow(x, cdl.power[i] ?? 1);
  });
  const luma = 0.2126 * (sop[0] ?? 0) + 0.7152 * (sop[1] ?? 0) + 0.0722 * (sop[2] ?? 0);
  const out = sop.map((v) => Math.min(1, Math.max(0, luma + cdl.saturation * (v - luma))));
  return [out[0] ?? 0, out[1] ?? 0, out[2] ?? 0];
}
