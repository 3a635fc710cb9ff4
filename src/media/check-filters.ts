/** Which ffmpeg filters libero needs, and whether the found ffmpeg has them. */
import { ffmpegQuery } from './run-ffmpeg.js';

/** Filters the render, audio mix, draft generator and QC rely on. */
export const NEEDED_FILTERS = [
  'scale',
  'pad',
  'fps',
  'setpts',
  'trim',
  'tpad',
  'settb',
  'setsar',
  'lutrgb',
  'smptehdbars',
  'atrim',
  'apad',
  'anullsrc',
  'concat',
  'overlay',
  'xfade',
  'lut3d',
  'colorchannelmixer',
  'eq',
  'drawtext',
  'zoompan',
  'minterpolate',
  'amix',
  'adelay',
  'atempo',
  'volume',
  'loudnorm',
  'ebur128',
  'sidechaincompress',
  'signalstats',
  'scdet',
  'tblend',
  'nullsink',
  'blend',
  'blackdetect',
] as const;

/** The result of checking the filters. */
export interface FilterCheck {
  readonly available: number;
  readonly missing: readonly string[];
}

/** Parses `ffmpeg -filters` output into filter names (pure). */
export function parseFilterList(text: string): Set<string> {
  const names = new Set<string>();
  for (const line of text.split('\n')) {
    const match = /^\s[.TSC|]{3}\s+(\S+)\s+\S+->\S+/.exec(line);
    if (match?.[1] !== undefined) names.add(match[1]);
  }
  return names;
}

/** Asks ffmpeg for its filter list and reports which needed ones are missing. */
export async function checkFilters(): Promise<FilterCheck> {
  const names = parseFilterList(await ffmpegQuery(['-filters']));
  return { available: names.size, missing: NEEDED_FILTERS.filter((f) => !names.has(f)) };
}
