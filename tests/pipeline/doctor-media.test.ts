/**
 * `libero doctor TIMELINE`'s media lines on a real Hiero export whose media sits on the
 * editor's C: drive: every offline clip listed with the editor's path, a paths.map suggested
 * for the folder most of them share, and nothing left to report once that mapping is made.
 */
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { timelineMediaChecks } from '../../src/pipeline/doctor-media.js';
import { loadProject } from '../../src/pipeline/project.js';

const hiero = fileURLToPath(
  new URL('../fixtures/otio/ayon/hiero-sq001-timeline.otio', import.meta.url),
);

describe('doctor TIMELINE: offline media', () => {
  it('lists the offline clips and suggests a mapping for the shared missing root', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'libero-doctor-'));
    copyFileSync(hiero, join(dir, 'cut.otio'));
    const checks = timelineMediaChecks({ project: await loadProject(join(dir, 'cut.otio')) });
    expect(checks.map((c) => [c.name, c.ok])).toEqual([
      ['timeline media', false],
      ['paths.map', false],
    ]);
    expect(checks[0]?.detail).toMatch(
      new RegExp(
        `^15 clip\\(s\\) of ${join(dir, 'cut.otio')} are offline media \\(never generated\\): clip "referenceclip_mediash010" on Video "reference": C:/projects/AY01_VFX_demo/resources/reference/sq001.mov; `,
      ),
    );
    expect(checks[0]?.detail).toMatch(/; and 5 more$/);
    // Four plates and the reference movie live under one folder of the editor's.
    expect(checks[1]?.detail).toBe(
      '5 missing file(s) share C:/projects/AY01_VFX_demo/resources: if that folder is on this machine, map it in libero.json: "paths": { "map": [{ "from": "C:/projects/AY01_VFX_demo/resources", "to": "/where/it/is/here" }] }',
    );
  });

  it('with the mapping in libero.json only the clip outside it is left, and no suggestion', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'libero-doctor-'));
    copyFileSync(hiero, join(dir, 'cut.otio'));
    const media = join(dir, 'media');
    const touch = (path: string): void => {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, '');
    };
    touch(join(media, 'reference/sq001.mov'));
    const plate = (name: string, from: number, to: number): void => {
      for (let f = from; f <= to; f += 1)
        touch(join(media, `plates/${name}/${name}.${String(f).padStart(4, '0')}.exr`));
    };
    plate('MER_sq001_sh010_P01', 1001, 1052);
    plate('MER_sq001_sh020_P01', 997, 1047);
    plate('MER_sq001_sh040_P01', 1001, 1065);
    plate('MER_sq001_sh020_P02', 1, 51);
    writeFileSync(
      join(dir, 'libero.json'),
      JSON.stringify({
        paths: { map: [{ from: 'C:/projects/AY01_VFX_demo/resources', to: media }] },
      }),
    );
    const checks = timelineMediaChecks({ project: await loadProject(join(dir, 'cut.otio')) });
    expect(checks).toEqual([
      {
        name: 'timeline media',
        ok: false,
        detail: `1 clip(s) of ${join(dir, 'cut.otio')} are offline media (never generated): clip "img_sequence_exr" on Video "P03": C:/Users/robin/OneDrive/Bureau/dev_ayon/data/img_sequence/exr_embedded_tc\\output.#.exr`,
      },
    ]);
  });
});
