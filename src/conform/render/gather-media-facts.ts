/** Stats and probes every referenced file once (the I/O side of planning). */
import { stat } from 'node:fs/promises';
import { probeMedia } from '../../media/index.js';
import { isLiberoError, LiberoError } from '../../shared/index.js';
import type { MediaFacts } from './media-facts.js';
import { mediaVideoFromProbe } from './media-video-from-probe.js';

async function factsOf(path: string): Promise<MediaFacts> {
  let identity: string;
  try {
    const info = await stat(path);
    if (!info.isFile()) return { status: 'missing' };
    identity = `${path}:${info.size}:${Math.round(info.mtimeMs)}`;
  } catch {
    return { status: 'missing' };
  }
  try {
    const probed = await probeMedia(path);
    return {
      status: 'ok',
      identity,
      video: mediaVideoFromProbe(probed),
      hasAudio: probed.streams.some((s) => s.kind === 'audio'),
      duration: probed.duration,
    };
  } catch (error) {
    return { status: 'unreadable', message: isLiberoError(error) ? error.message : String(error) };
  }
}

/** Facts for each path (four probes at a time). */
export async function gatherMediaFacts(options: {
  paths: readonly string[];
  signal: AbortSignal | null;
}): Promise<Map<string, MediaFacts>> {
  const unique = [...new Set(options.paths)];
  const facts = new Map<string, MediaFacts>();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < unique.length) {
      if (options.signal?.aborted === true)
        throw new LiberoError('ABORTED', 'Probing the media was cancelled.', {
          cause: options.signal.reason,
        });
      const path = unique[next++] as string;
      facts.set(path, await factsOf(path));
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  return facts;
}
