/** Where an ExternalReference's `target_url` points on disk (pure). */
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The local path of a target URL: `file://` URLs (also `file://localhost/...`), absolute
 * paths, or paths relative to the timeline's folder (as Kdenlive and OTIO bundles write
 * them). Returns null for other schemes (http, s3, ...).
 */
export function mediaPath(targetUrl: string, timelineDir: string): string | null {
  if (targetUrl.startsWith('file:')) {
    try {
      return fileURLToPath(targetUrl.replace(/^file:\/\/localhost\//, 'file:///'));
    } catch {
      return null;
    }
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(targetUrl)) return null;
  return isAbsolute(targetUrl) ? targetUrl : resolve(timelineDir, targetUrl);
}
