/**
 * Clip classification on timelines real tools wrote (tests/fixtures/README.md names each file's
 * source, commit and licence): a Hiero export with EXR plates on the editor's `C:` drive,
 * Resolve clip exports, Kdenlive colour slugs and lost media, OpenTimelineIO's own samples
 * (FCP XML / Premiere and EDL through its adapters). Every clip's class is asserted; offline
 * media never becomes a shot; inspect and generate count placeholders the same way.
 */
import { existsSync, mkdirSync, mkdtempSync, copyFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defaultProjectConfig, projectConfigSchema } from '../../src/config/index.js';
import type { ProjectConfig } from '../../src/config/index.js';
import { inspectReport } from '../../src/pipeline/inspect-timeline.js';
import { parseTimeline } from '../../src/pipeline/project.js';
import { hasCode } from '../../src/shared/index.js';
import { classifyClip, findShots, readClipDirectives } from '../../src/shots/index.js';
import type { PathMapping } from '../../src/shots/index.js';
import { Clip, Timeline, Track, readTimelineFile } from '../../src/timeline/index.js';

const fixture = (f: string): string =>
  fileURLToPath(new URL(`../fixtures/otio/${f}`, import.meta.url));

/** `[track kind:name, clip, class, rule or reason]` for every clip of every track. */
async function classes(options: {
  file: string;
  pathMap?: PathMapping[];
  timelineDir?: string;
}): Promise<string[][]> {
  const top = await readTimelineFile(options.file);
  const clips: [string, Clip][] = [];
  if (top instanceof Timeline) {
    for (const t of top.tracks.children)
      if (t instanceof Track)
        for (const c of t.children) if (c instanceof Clip) clips.push([`${t.kind}:${t.name}`, c]);
  } else if (top instanceof Clip) clips.push(['(top)', top]);
  return clips.map(([track, clip]) => {
    const k = classifyClip({
      clip,
      directives: readClipDirectives(clip),
      pathMap: options.pathMap ?? [],
      timelineDir: options.timelineDir ?? dirname(options.file),
      fileExists: existsSync,
    });
    return [track, clip.name, k.class, k.class === 'placeholder' ? k.rule : k.reason];
  });
}

function configWith(map: PathMapping[]): ProjectConfig {
  return projectConfigSchema.parse({ paths: { map } });
}

const hieroRef = 'missing file C:/projects/AY01_VFX_demo/resources/reference/sq001.mov';

describe('a Hiero export (ayon-core): EXR plates and a reference movie on the editor C: drive', () => {
  const file = fixture('ayon/hiero-sq001-timeline.otio');

  it('without a path map every clip is offline media with its path, none a placeholder', async () => {
    const seq = (dir: string, name: string, frames: string): string =>
      `missing image sequence C:/projects/AY01_VFX_demo/resources/plates/${dir}\\${name}.%04d.exr (frames ${frames})`;
    expect(await classes({ file })).toEqual([
      ['Video:reference', 'referenceclip_mediash010', 'offline', hieroRef],
      ['Video:reference', 'referencesq01sh010', 'offline', hieroRef],
      ['Video:reference', 'referencesq01sh010', 'offline', hieroRef],
      // A marker named AYONdata_... carries no prompt: still offline.
      ['Video:reference', 'referencesq01sh010', 'offline', hieroRef],
      ['Video:reference', 'sq001', 'offline', hieroRef],
      // Markers named "comp" are not directives.
      [
        'Video:P01',
        'sh010',
        'offline',
        seq('MER_sq001_sh010_P01', 'MER_sq001_sh010_P01', '1001-1052'),
      ],
      [
        'Video:P01',
        'sh010',
        'offline',
        seq('MER_sq001_sh020_P01', 'MER_sq001_sh020_P01', '997-1047'),
      ],
      [
        'Video:P01',
        'P01default_twsh010',
        'offline',
        seq('MER_sq001_sh040_P01', 'MER_sq001_sh040_P01', '1001-1065'),
      ],
      ['Video:P02', 'sh010', 'offline', seq('MER_sq001_sh020_P02', 'MER_sq001_sh020_P02', '1-51')],
      [
        'Video:P03',
        'img_sequence_exr',
        'offline',
        'missing image sequence C:/Users/robin/OneDrive/Bureau/dev_ayon/data/img_sequence/exr_embedded_tc\\output.%04d.exr (frames 1000-1026)',
      ],
      ['Audio:Audio', 'sq001', 'offline', hieroRef],
      ['Audio:Audio', 'sh010', 'offline', hieroRef],
      ['Audio:Audio', 'sh020', 'offline', hieroRef],
      ['Audio:Audio', 'sq001', 'offline', hieroRef],
      ['Audio:Audio', 'sq001', 'offline', hieroRef],
    ]);
  });

  it('offline media never becomes a shot: generate lists it apart, with no shot ids', async () => {
    const timeline = parseTimeline(await readText(file), file);
    const found = findShots({
      timeline,
      config: defaultProjectConfig(),
      fileExists: existsSync,
      timelineDir: dirname(file),
    });
    expect(found.shots).toEqual([]);
    expect(found.needsPrompt).toEqual([]);
    expect(found.offline.map((o) => `${o.trackName}/${o.clipName}: ${o.editorPath}`)).toEqual([
      'reference/referenceclip_mediash010: C:/projects/AY01_VFX_demo/resources/reference/sq001.mov',
      'reference/referencesq01sh010: C:/projects/AY01_VFX_demo/resources/reference/sq001.mov',
      'reference/referencesq01sh010: C:/projects/AY01_VFX_demo/resources/reference/sq001.mov',
      'reference/referencesq01sh010: C:/projects/AY01_VFX_demo/resources/reference/sq001.mov',
      'reference/sq001: C:/projects/AY01_VFX_demo/resources/reference/sq001.mov',
      'P01/sh010: C:/projects/AY01_VFX_demo/resources/plates/MER_sq001_sh010_P01\\MER_sq001_sh010_P01.#.exr',
      'P01/sh010: C:/projects/AY01_VFX_demo/resources/plates/MER_sq001_sh020_P01\\MER_sq001_sh020_P01.#.exr',
      'P01/P01default_twsh010: C:/projects/AY01_VFX_demo/resources/plates/MER_sq001_sh040_P01\\MER_sq001_sh040_P01.#.exr',
      'P02/sh010: C:/projects/AY01_VFX_demo/resources/plates/MER_sq001_sh020_P02\\MER_sq001_sh020_P02.#.exr',
      'P03/img_sequence_exr: C:/Users/robin/OneDrive/Bureau/dev_ayon/data/img_sequence/exr_embedded_tc\\output.#.exr',
    ]);
  });

  it('with paths.map to where the media is here, the movie and the complete plates are ready; a plate missing one frame names it', async () => {
    const root = mkdtempSync(join(tmpdir(), 'libero-hiero-'));
    const touch = (path: string): void => {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, '');
    };
    touch(join(root, 'resources/reference/sq001.mov'));
    const plate = (name: string, from: number, to: number, skip: number | null): void => {
      for (let f = from; f <= to; f += 1)
        if (f !== skip)
          touch(join(root, `resources/plates/${name}/${name}.${String(f).padStart(4, '0')}.exr`));
    };
    plate('MER_sq001_sh010_P01', 1001, 1052, null);
    plate('MER_sq001_sh020_P01', 997, 1047, null);
    plate('MER_sq001_sh040_P01', 1001, 1065, 1030);
    plate('MER_sq001_sh020_P02', 1, 51, null);
    // The editor wrote forward slashes (Hiero) with a backslash before the file name; the map
    // is written the Windows way, with a different case: both still match.
    const map = [{ from: 'c:\\projects\\AY01_VFX_demo', to: root }];
    const rows = await classes({ file, pathMap: map });
    expect(rows.map((r) => `${r[0]}/${r[1]}: ${r[2]}`)).toEqual([
      'Video:reference/referenceclip_mediash010: ready',
      'Video:reference/referencesq01sh010: ready',
      'Video:reference/referencesq01sh010: ready',
      'Video:reference/referencesq01sh010: ready',
      'Video:reference/sq001: ready',
      'Video:P01/sh010: ready',
      'Video:P01/sh010: ready',
      'Video:P01/P01default_twsh010: offline',
      'Video:P02/sh010: ready',
      // Another root (the user's OneDrive): no mapping covers it.
      'Video:P03/img_sequence_exr: offline',
      'Audio:Audio/sq001: ready',
      'Audio:Audio/sh010: ready',
      'Audio:Audio/sh020: ready',
      'Audio:Audio/sq001: ready',
      'Audio:Audio/sq001: ready',
    ]);
    expect(rows[7]?.[3]).toBe(
      `image sequence ${root}/resources/plates/MER_sq001_sh040_P01/MER_sq001_sh040_P01.%04d.exr lacks 1 frame(s): 1030`,
    );
    const timeline = parseTimeline(await readText(file), file);
    const found = findShots({
      timeline,
      config: configWith(map),
      fileExists: existsSync,
      timelineDir: dirname(file),
    });
    expect(found.shots).toEqual([]);
    expect(found.offline.map((o) => o.clipName)).toEqual([
      'P01default_twsh010',
      'img_sequence_exr',
    ]);
  });
});

describe('Resolve clip exports (ayon-core): one Clip.2 per file', () => {
  it.each([
    [
      'resolve-clip-qt-review.json',
      '3 jours dans les coulisses du ZEvent 2024.mp4',
      'missing file C:\\data\\movie.mp4',
    ],
    [
      'resolve-clip-img-seq-review.json',
      'output.[1000-1100].tif',
      'missing image sequence C:\\tif_seq/output.%04d.tif (frames 1005-1099)',
    ],
    [
      // A 2x LinearTimeWarp: the clip's own range still picks the frames checked.
      'resolve-clip-img-seq-2x-speed.json',
      'output.[1001-1099].tif',
      'missing image sequence C:\\Users\\robin\\OneDrive\\Bureau\\dev_ayon\\data\\img_sequence\\tif/output.%04d.tif (frames 1040-1050)',
    ],
  ])('%s: offline media, never a placeholder', async (f, name, reason) => {
    expect(await classes({ file: fixture(`ayon/${f}`) })).toEqual([
      ['(top)', name, 'offline', reason],
    ]);
  });

  it('a Clip file is refused as a timeline: the error says what it found and what is expected', async () => {
    const file = fixture('ayon/resolve-clip-qt-review.json');
    let error: unknown = null;
    try {
      parseTimeline(await readText(file), file);
    } catch (e) {
      error = e;
    }
    expect(hasCode(error, 'TIMELINE_NOT_A_TIMELINE')).toBe(true);
    expect((error as Error).message).toBe(
      `${file}: the top object is a Clip ("3 jours dans les coulisses du ZEvent 2024.mp4"), not a Timeline. libero reads one whole timeline (OTIO_SCHEMA "Timeline.1"): export the timeline from the NLE, not a clip, a track or a bin.`,
    );
  });
});

describe('Kdenlive exports (KDE/kdenlive tests/dataset)', () => {
  it('three solid-colour slugs: inspect and generate both count 3 placeholders', async () => {
    const file = fixture('kdenlive/test-color-clips.otio');
    expect(await classes({ file })).toEqual([
      ['Video:', 'Red', 'placeholder', 'slug-generator'],
      ['Video:', 'Blue', 'placeholder', 'slug-generator'],
      ['Video:', 'Yellow', 'placeholder', 'slug-generator'],
    ]);
    const report = inspectReport(await readTimelineFile(file), {
      pathMap: [],
      timelineDir: dirname(file),
      fileExists: existsSync,
    });
    const inspected = report.timelines[0]!.tracks.flatMap((t) =>
      t.kind === 'Video' ? t.items.filter((i) => i.libero?.class === 'placeholder') : [],
    );
    const found = findShots({
      timeline: parseTimeline(await readText(file), file),
      config: defaultProjectConfig(),
      fileExists: existsSync,
      timelineDir: dirname(file),
    });
    expect(inspected.length).toBe(3);
    expect(found.shots.length + found.needsPrompt.length).toBe(3);
    expect(found.needsPrompt.map((n) => `${n.shotId}:${n.rule}`)).toEqual([
      'red:slug-generator',
      'blue:slug-generator',
      'yellow:slug-generator',
    ]);
  });

  it('lost media: a relative path missing beside the timeline and an empty URL are offline', async () => {
    const file = fixture('kdenlive/test-missing-media.otio');
    expect(await classes({ file })).toEqual([
      ['Video:', 'red.png', 'offline', `missing file ${join(dirname(file), 'red.png')}`],
      [
        'Video:',
        'yellow.png',
        'offline',
        'an ExternalReference with an empty target_url (the NLE lost the path)',
      ],
    ]);
  });

  it('hard negative: the relative path resolves against the timeline folder, not the cwd', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'libero-kden-'));
    const file = join(dir, 'cut.otio');
    copyFileSync(fixture('kdenlive/test-missing-media.otio'), file);
    writeFileSync(join(dir, 'red.png'), '');
    const rows = await classes({ file });
    expect(rows.map((r) => `${r[1]}: ${r[2]}`)).toEqual(['red.png: ready', 'yellow.png: offline']);
  });
});

describe("OpenTimelineIO's samples (FCP XML, EDL through its adapters)", () => {
  it('premiere_example: the footage is offline (a file://localhost/D%3a URL), the Slug is a placeholder', async () => {
    const rows = await classes({ file: fixture('opentimelineio/premiere_example.otio') });
    expect(rows.map((r) => `${r[0]} ${r[1]}: ${r[2]} (${r[3]})`)).toEqual([
      'Video: sc01_sh010_anim.mov: offline (missing file D:/media/sc01_sh010_anim.mov)',
      'Video: sc01_sh010_anim.mov: offline (missing file D:/media/sc01_sh010_anim.mov)',
      'Video: sc01_sh020_anim.mov: offline (missing file D:/media/sc01_sh020_anim.mov)',
      'Video: sc01_sh030_anim.mov: offline (missing file D:/media/sc01_sh030_anim.mov)',
      'Video: test_title: placeholder (slug-generator)',
      'Video: sc01_master_layerA_sh030_temp.mov: offline (missing file D:/media/sc01_master_layerA_sh030_temp.mov)',
      'Video: sc01_sh010_anim.mov: offline (missing file D:/media/sc01_sh010_anim.mov)',
      'Audio: sc01_sh010_anim.mov: offline (missing file D:/media/sc01_sh010_anim.mov)',
      'Audio: sc01_sh010_anim.mov: offline (missing file D:/media/sc01_sh010_anim.mov)',
      'Audio: sc01_placeholder.wav: offline (missing file D:/media/sc01_placeholder.wav)',
      'Audio: track_08.wav: offline (missing file D:/media/track_08.wav)',
      'Audio: sc01_master_layerA_sh030_temp.mov: offline (missing file D:/media/sc01_master_layerA_sh030_temp.mov)',
      'Audio: sc01_sh010_anim.mov: offline (missing file D:/media/sc01_sh010_anim.mov)',
    ]);
  });

  it('premiere_example mapped: D:/media on this machine makes its footage ready', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'libero-prem-'));
    for (const f of [
      'sc01_sh010_anim.mov',
      'sc01_sh020_anim.mov',
      'sc01_sh030_anim.mov',
      'sc01_master_layerA_sh030_temp.mov',
      'sc01_placeholder.wav',
      'track_08.wav',
    ])
      writeFileSync(join(dir, f), '');
    const rows = await classes({
      file: fixture('opentimelineio/premiere_example.otio'),
      pathMap: [{ from: 'D:\\media', to: dir }],
    });
    expect(rows.map((r) => r[2])).toEqual([
      'ready',
      'ready',
      'ready',
      'ready',
      'placeholder',
      'ready',
      'ready',
      'ready',
      'ready',
      'ready',
      'ready',
      'ready',
      'ready',
    ]);
  });

  it.each([
    // An EDL through the cmx_3600 adapter: clips without media are placeholders.
    ['screening_example.otio', 9, 'placeholder', 'missing-reference'],
    ['nested_example.otio', 4, 'placeholder', 'missing-reference'],
    ['transition_test.otio', 3, 'placeholder', 'missing-reference'],
  ])('%s: %i clips, each %s (%s)', async (f, count, cls, rule) => {
    const rows = await classes({ file: fixture(`opentimelineio/${f}`) });
    expect(rows.length).toBe(count);
    for (const row of rows) expect([row[2], row[3]]).toEqual([cls, rule]);
  });

  it('generator_reference_test: SMPTE bars are a generator left alone, not a slug', async () => {
    expect(
      await classes({ file: fixture('opentimelineio/generator_reference_test.otio') }),
    ).toEqual([['Video:Sequence1', 'C', 'title-effect', 'a SMPTEBars generator']]);
  });

  it('multiple_track: absolute paths that do not exist here are offline, and never shots', async () => {
    const file = fixture('opentimelineio/multiple_track.otio');
    expect((await classes({ file })).map((r) => `${r[1]}: ${r[2]} (${r[3]})`)).toEqual([
      'Clip-001: offline (missing file /folder/titles.mov)',
      'Clip-002: offline (missing file /folder/wind-up.mov)',
      'Clip-004: offline (missing file /folder/credits.mov)',
      'Clip-003: offline (missing file /folder/punchline.mov)',
      'Clip-005: offline (missing file /folder/punchline.mov)',
    ]);
    const found = findShots({
      timeline: parseTimeline(await readText(file), file),
      config: defaultProjectConfig(),
      fileExists: existsSync,
      timelineDir: dirname(file),
    });
    expect([found.shots.length, found.needsPrompt.length, found.offline.length]).toEqual([0, 0, 5]);
  });
});

async function readText(file: string): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  return readFile(file, 'utf8');
}
