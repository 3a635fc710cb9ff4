/**
 * `libero doctor TIMELINE`: the timeline's media on this machine. Every clip whose file is
 * missing here (after `paths.map`) is listed with the path the editor's NLE wrote; when
 * several missing paths share a folder, a `paths.map` entry for it is suggested.
 */
import { existsSync } from 'node:fs';
import { classifyClip, readClipDirectives, sharedMissingRoots } from '../shots/index.js';
import { Clip, Track } from '../timeline/index.js';
import type { DoctorCheck } from './doctor.js';
import type { Project } from './project.js';

/** Missing files sharing a folder before a mapping is suggested. */
const SUGGEST_FROM = 3;

/** One offline clip. */
export interface OfflineMedia {
  readonly track: string;
  readonly clip: string;
  readonly editorPath: string;
  readonly reason: string;
}

/** The offline clips of every track, in track then time order. */
export function offlineMediaOf(options: {
  readonly project: Pick<Project, 'timeline' | 'config' | 'dir'>;
  readonly fileExists: (path: string) => boolean;
}): OfflineMedia[] {
  const { project } = options;
  const offline: OfflineMedia[] = [];
  for (const track of project.timeline.tracks.children) {
    if (!(track instanceof Track)) continue;
    for (const child of track.children) {
      if (!(child instanceof Clip)) continue;
      const found = classifyClip({
        clip: child,
        directives: readClipDirectives(child),
        pathMap: project.config.paths.map,
        timelineDir: project.dir,
        fileExists: options.fileExists,
      });
      if (found.class === 'offline')
        offline.push({
          track: `${track.kind} "${track.name}"`,
          clip: child.name,
          editorPath: found.editorPath,
          reason: found.reason,
        });
    }
  }
  return offline;
}

/** The doctor's lines about a project's media: offline clips and a suggested mapping. */
export function timelineMediaChecks(options: {
  readonly project: Pick<Project, 'timeline' | 'config' | 'dir' | 'timelineFile'>;
  readonly fileExists?: (path: string) => boolean;
}): DoctorCheck[] {
  const offline = offlineMediaOf({
    project: options.project,
    fileExists: options.fileExists ?? existsSync,
  });
  const file = options.project.timelineFile;
  if (offline.length === 0)
    return [{ name: 'timeline media', ok: true, detail: `every clip's media of ${file} is here` }];
  const shown = offline.slice(0, 10).map((o) => `clip "${o.clip}" on ${o.track}: ${o.editorPath}`);
  const checks: DoctorCheck[] = [
    {
      name: 'timeline media',
      ok: false,
      detail: `${offline.length} clip(s) of ${file} are offline media (never generated): ${shown.join('; ')}${offline.length > 10 ? `; and ${offline.length - 10} more` : ''}`,
    },
  ];
  const roots = sharedMissingRoots({
    paths: offline.map((o) => o.editorPath),
    min: SUGGEST_FROM,
  });
  const best = roots[0];
  if (best !== undefined)
    checks.push({
      name: 'paths.map',
      ok: false,
      detail: `${best.count} missing file(s) share ${best.root}: if that folder is on this machine, map it in libero.json: "paths": { "map": [{ "from": ${JSON.stringify(best.root)}, "to": "/where/it/is/here" }] }`,
    });
  return checks;
}
