/**
 * Facts about the image sequences a render shows (the I/O side of planning): every frame a
 * clip uses must exist (the error names the missing frames), the first one is probed for its
 * size and colour, and the sequence's own rate and length replace what a still image reports.
 */
import { stat } from 'node:fs/promises';
import { probeMedia } from '../../media/index.js';
import { isLiberoError, LiberoError } from '../../shared/index.js';
import type { MediaFacts } from './media-facts.js';
import { mediaVideoFromProbe } from './media-video-from-probe.js';
import type { SequenceUse } from './sequence-sources.js';
import { frameRateOf } from './timeline-rate.js';

/** Facts per image2 pattern. Throws FILE_NOT_FOUND when a clip uses frames that are missing. */
export async function gatherSequenceFacts(options: {
  readonly uses: readonly SequenceUse[];
  readonly signal: AbortSignal | null;
}): Promise<Map<string, MediaFacts>> {
  const facts = new Map<string, MediaFacts>();
  for (const use of options.uses) {
    if (options.signal?.aborted === true)
      throw new LiberoError('ABORTED', 'Checking the image sequences was cancelled.', {
        cause: options.signal.reason,
      });
    const sizes: { frame: number; path: string; size: number; mtime: number }[] = [];
    const missing: { frame: number; path: string }[] = [];
    for (const f of use.frames) {
      try {
        const info = await stat(f.path);
        if (!info.isFile()) missing.push(f);
        else sizes.push({ ...f, size: info.size, mtime: Math.round(info.mtimeMs) });
      } catch {
        missing.push(f);
      }
    }
    if (sizes.length === 0) {
      if (!facts.has(use.pattern)) facts.set(use.pattern, { status: 'missing' });
      continue;
    }
    if (missing.length > 0) {
      const shown = missing.slice(0, 8).map((m) => m.frame);
      throw new LiberoError(
        'FILE_NOT_FOUND',
        `Clip "${use.clipName}" shows image sequence ${use.pattern}, which lacks ${missing.length} of the ${use.frames.length} frame(s) it uses: ${shown.join(', ')}${missing.length > shown.length ? ', ...' : ''} (first missing file ${missing[0]?.path ?? ''}).`,
        {
          details: {
            clip: use.clipName,
            pattern: use.pattern,
            missingFrames: missing.map((m) => m.frame),
          },
        },
      );
    }
    const first = sizes[0] as { path: string };
    const identity = `${use.pattern}:${sizes.length}:${sizes.reduce((a, s) => a + s.size, 0)}:${Math.max(...sizes.map((s) => s.mtime))}:${sizes[0]?.frame}`;
    try {
      const probed = mediaVideoFromProbe(await probeMedia(first.path));
      facts.set(use.pattern, {
        status: 'ok',
        identity:
          facts.get(use.pattern)?.status === 'ok'
            ? `${(facts.get(use.pattern) as { identity: string }).identity}+${identity}`
            : identity,
        video:
          probed === null
            ? null
            : {
                ...probed,
                rate: frameRateOf(use.rate),
                frameCount: use.imageCount,
              },
        hasAudio: false,
        duration: use.imageCount / use.rate,
      });
    } catch (error) {
      facts.set(use.pattern, {
        status: 'unreadable',
        message: isLiberoError(error) ? error.message : String(error),
      });
    }
  }
  return facts;
}
