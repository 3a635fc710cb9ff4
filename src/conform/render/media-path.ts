/** Where a media reference's URL points on this machine (pure). */
import { localMediaPath } from '../../shots/index.js';
import type { PathMapping } from '../../shots/index.js';

/**
 * The local path of a target URL: `file://` URLs (also `file://localhost/...`, percent-decoded),
 * absolute paths, or paths relative to the timeline's folder (as Kdenlive and OTIO bundles
 * write them), after the project's `paths.map` (the editor's `C:\Media` -> this machine's
 * folder). Returns null for other schemes (http, s3, ...) and an empty URL.
 */
export function mediaPath(
  targetUrl: string,
  timelineDir: string,
  pathMap: readonly PathMapping[] = [],
): string | null {
  return localMediaPath({ url: targetUrl, map: pathMap, timelineDir });
}
