/**
 * Path mapping between the editor's machine and this one (`libero.json` `paths.map`), pure.
 * An NLE writes media paths as its own machine sees them: `C:\Media\a.mov` (Resolve on
 * Windows), `C:/projects/x/` (Hiero), `\\nas\show\a.mov` (UNC), `file:///Volumes/NAS/a.mov`
 * with percent-encoding, or a path relative to the timeline (Kdenlive). Reading maps them to
 * this machine's files; the hand-back maps libero's files back, so the NLE finds them.
 *
 * ```
 * editor:  \\nas\show\plates\sh010.mov      file:///Volumes/NAS/show/a%20b.mov
 * map:     {from: "\\\\nas\\show", to: "/mnt/show"}   {from: "/Volumes/NAS", to: "/mnt/nas"}
 * here:    /mnt/show/plates/sh010.mov        /mnt/nas/show/a b.mov
 * ```
 * Matching ignores the separator (`\` or `/`), the case of a drive letter or UNC host, and a
 * trailing separator; it stops at a path boundary (`C:/Media` does not match `C:/Media2`).
 * The longest `from` wins.
 */
import { isAbsolute, posix, resolve } from 'node:path';

/** One mapping: the editor's root and the same folder on this machine. */
export interface PathMapping {
  readonly from: string;
  readonly to: string;
}

/** `file:` URLs to a plain path (percent-decoded); anything else unchanged. */
function stripFileUrl(url: string): string {
  if (!/^file:/i.test(url)) return url;
  let rest = url.replace(/^file:/i, '');
  // file:///C:/x, file:///Volumes/x, file://localhost/x, file://server/share/x (UNC)
  if (rest.startsWith('///')) rest = rest.slice(2);
  else if (/^\/\/localhost\//i.test(rest)) rest = rest.slice('//localhost'.length);
  else if (rest.startsWith('//')) rest = `//${rest.slice(2)}`;
  let decoded: string;
  try {
    decoded = decodeURIComponent(rest);
  } catch {
    decoded = rest;
  }
  // `/C:/Media` (a Windows drive in a file URL) -> `C:/Media`
  return /^\/[A-Za-z]:[\\/]/.test(decoded) ? decoded.slice(1) : decoded;
}

/** True for `C:\x`, `C:/x`, `\\server\share` and `//server/share`. */
export function isWindowsPath(path: string): boolean {
  return /^[A-Za-z]:[\\/]/.test(path) || /^(\\\\|\/\/)[^\\/]/.test(path);
}

/** A comparable form: `/` separators, no trailing separator, drive letter / UNC host lowered. */
function comparable(path: string): string {
  let p = stripFileUrl(path).replace(/\\/g, '/');
  if (p.length > 1) p = p.replace(/\/+$/, '');
  if (/^[A-Za-z]:/.test(p)) p = p[0]!.toLowerCase() + p.slice(1);
  const unc = /^\/\/([^/]+)(.*)$/.exec(p);
  if (unc !== null) p = `//${unc[1]!.toLowerCase()}${unc[2]!}`;
  return p;
}

/** The part of `path` under `root` (`''` for the root itself), or null. */
function under(path: string, root: string): string | null {
  if (root === '') return null;
  const windows = isWindowsPath(root);
  const a = windows ? path.toLowerCase() : path;
  const b = windows ? root.toLowerCase() : root;
  if (a === b) return '';
  if (a.startsWith(b.endsWith('/') ? b : `${b}/`)) return path.slice(b.length).replace(/^\//, '');
  return null;
}

/** Options for {@link localMediaPath}. */
export interface LocalMediaPathOptions {
  /** A `target_url` (or an image sequence's `target_url_base`) as the editor's NLE wrote it. */
  readonly url: string;
  readonly map: readonly PathMapping[];
  /** The timeline's folder: relative paths are resolved against it. */
  readonly timelineDir: string;
}

/**
 * Where the editor's media URL is on this machine: mapped by `paths.map`, `file:` URLs
 * decoded, relative paths resolved against the timeline's folder. Null for URLs that are not
 * files (`http://`, `s3://`) and for an empty URL. A Windows path no mapping covers stays as
 * written (on Linux or macOS it does not exist: the clip is offline).
 */
export function localMediaPath(options: LocalMediaPathOptions): string | null {
  const { url } = options;
  if (url.trim() === '') return null;
  if (/^[a-z][a-z0-9+.-]+:\/\//i.test(url) && !/^file:/i.test(url)) return null;
  const plain = stripFileUrl(url);
  const path = comparable(plain);
  let best: { rest: string; to: string; length: number } | null = null;
  for (const m of options.map) {
    const root = comparable(m.from);
    const rest = under(path, root);
    if (rest !== null && (best === null || root.length > best.length))
      best = { rest, to: m.to, length: root.length };
  }
  const trailing = /[\\/]$/.test(plain);
  let result: string;
  if (best !== null)
    result = best.rest === '' ? best.to : posix.join(best.to.replace(/\\/g, '/'), best.rest);
  else if (isWindowsPath(plain)) return plain;
  else result = isAbsolute(plain) ? plain : resolve(options.timelineDir, plain);
  result = result.length > 1 ? result.replace(/\/+$/, '') : result;
  return trailing ? `${result}/` : result;
}

/** Options for {@link editorMediaPath}. */
export interface EditorMediaPathOptions {
  /** An absolute path on this machine (a take, a rendered title, a voice-over line). */
  readonly path: string;
  readonly map: readonly PathMapping[];
}

/**
 * The path the editor's NLE will find a file of this machine at: the longest `to` that holds
 * it is replaced by its `from`, written with the separators `from` uses (`C:\Media\takes\a.mov`,
 * `\\nas\show\a.mov`, `/Volumes/NAS/a.mov`). Plain paths, never `file://` URLs (Resolve 20.2
 * refused a `file://` target_url: ../shared/ref/resolve.md B.3). Unchanged when no mapping
 * holds it.
 */
export function editorMediaPath(options: EditorMediaPathOptions): string {
  const path = options.path.replace(/\\/g, '/');
  let best: { rest: string; from: string; length: number } | null = null;
  for (const m of options.map) {
    const root = m.to.replace(/\\/g, '/').replace(/(.)\/+$/, '$1');
    const rest = under(path, root);
    if (rest !== null && (best === null || root.length > best.length))
      best = { rest, from: stripFileUrl(m.from), length: root.length };
  }
  if (best === null) return options.path;
  const backslash = best.from.includes('\\');
  const sep = backslash ? '\\' : '/';
  const root = best.from.replace(/[\\/]+$/, '');
  if (best.rest === '') return root;
  return `${root}${sep}${best.rest.split('/').join(sep)}`;
}

/**
 * The folders `min` or more missing paths share, the most shared first, each the deepest
 * such folder, as the editor wrote it: from `C:\Media\a\x.mov`, `C:\Media\b\y.mov` ->
 * `C:\Media`. Paths are compared ignoring separators and drive-letter case.
 */
export function sharedMissingRoots(options: {
  readonly paths: readonly string[];
  readonly min: number;
}): { root: string; count: number }[] {
  const counts = new Map<string, number>();
  // The editor's spelling of each comparable path (same length: only separators and case differ).
  const spelled = new Map<string, string>();
  for (const p of options.paths) {
    const c = comparable(p);
    if (!spelled.has(c)) spelled.set(c, stripFileUrl(p));
  }
  for (const path of spelled.keys()) {
    const parts = path.split('/');
    // Every ancestor folder (not the file itself, not the bare drive or `/`).
    for (let i = parts.length - 1; i >= 2; i -= 1) {
      const root = parts.slice(0, i).join('/');
      if (root === '' || /^[a-z]:$/.test(root) || root === '/' || root === '//') continue;
      counts.set(root, (counts.get(root) ?? 0) + 1);
    }
  }
  // The deepest root that still covers the most paths: keep a root only when no deeper root
  // covers as many.
  const roots = [...counts.entries()].filter(([, n]) => n >= options.min);
  return roots
    .filter(([root, n]) => !roots.some(([other, m]) => m === n && other.startsWith(`${root}/`)))
    .sort((a, b) => b[1] - a[1] || b[0].length - a[0].length)
    .map(([root, count]) => {
      const example = [...spelled].find(([c]) => c.startsWith(`${root}/`))?.[1];
      return { root: example === undefined ? root : example.slice(0, root.length), count };
    });
}
