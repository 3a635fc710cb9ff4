/** The take analysis on disk: `take-001.qc.json` beside `take-001.mp4`. */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { writeFileAtomic } from '../../shared/index.js';
import type { TakeAnalysis } from './take-analysis.js';

/** `/p/take-001.mp4` -> `/p/take-001.qc.json`. */
export function analysisFileFor(takeFile: string): string {
  const ext = extname(takeFile);
  return `${ext === '' ? takeFile : takeFile.slice(0, -ext.length)}.qc.json`;
}

/** Reads a stored analysis; null when absent or unreadable (it is then made again). */
export async function readTakeAnalysis(file: string): Promise<TakeAnalysis | null> {
  try {
    const value = JSON.parse(await readFile(file, 'utf8')) as unknown;
    if (
      typeof value === 'object' &&
      value !== null &&
      typeof (value as { version?: unknown }).version === 'number' &&
      typeof (value as { key?: unknown }).key === 'string' &&
      typeof (value as { qc?: unknown }).qc === 'object'
    )
      return value as TakeAnalysis;
    return null;
  } catch {
    return null;
  }
}

/** Writes an analysis atomically (temp file + rename). */
export async function writeTakeAnalysis(file: string, analysis: TakeAnalysis): Promise<void> {
  await writeFileAtomic(file, JSON.stringify(analysis, null, 2) + '\n');
}
