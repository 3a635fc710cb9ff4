/**
 * The demo's hand-back, as `npm run demo` makes it (generate, voice and score, render; draft
 * backends, tiny sizes), with the project's media mapped to an editor's `E:\Trailer` drive and
 * a 01:00:00:00 start: every clip that shows something in the render has an ExternalReference
 * under DEFAULT_MEDIA whose file exists once the mapping is reversed: the nine shots' takes,
 * the seven voice-over lines, the score and the end card; nothing is a MissingReference or a
 * generator any more, the editor's placeholders are kept under `editor-original`, and
 * `libero cat` of the file reads back exactly what was written.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDraftGenerator } from '../../src/main.js';
import { audioBackendFor } from '../../src/pipeline/audio-backend-from-env.js';
import { audioBeforeRender } from '../../src/pipeline/audio-for-render.js';
import { catTimelineFile } from '../../src/pipeline/cat-timeline.js';
import { generateBeforeRender } from '../../src/pipeline/generate-before-render.js';
import { projectTemplatesDir } from '../../src/pipeline/init-project.js';
import { parseTimeline } from '../../src/pipeline/project.js';
import { renderProject } from '../../src/pipeline/render-project.js';
import { localMediaPath } from '../../src/shots/index.js';
import {
  Clip,
  DEFAULT_NLE_TARGET_VERSION,
  ExternalReference,
  GeneratorReference,
  MissingReference,
  Track,
} from '../../src/timeline/index.js';

describe("the demo's hand-back", () => {
  it('is entirely online on the editor machine: takes, voice, score and the end card', async () => {
    const work = mkdtempSync(join(tmpdir(), 'libero-handback-'));
    const template = join(projectTemplatesDir(), 'trailer');
    cpSync(template, work, { recursive: true });
    const configJson = JSON.parse(readFileSync(join(template, 'libero.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    const map = [{ from: 'E:\\Trailer', to: work }];
    writeFileSync(
      join(work, 'libero.json'),
      JSON.stringify({
        ...configJson,
        stillWidth: 64,
        stillHeight: 36,
        upscaleFactor: 1,
        generatedFps: 4,
        render: { width: 64, height: 36, preset: 'ultrafast' },
        qc: { enabled: false },
        look: { match: false },
        paths: { map },
        conform: { startTimecode: '01:00:00:00' },
      }),
    );
    const timelineFile = join(work, 'trailer.otio');
    const editorsBefore = readFileSync(timelineFile, 'utf8');
    await renderProject({
      timelinePath: timelineFile,
      output: join(work, 'out', 'trailer.mp4'),
      lut: null,
      crf: null,
      preset: 'ultrafast',
      range: null,
      interpolate: false,
      loudness: null,
      cacheDir: null,
      audio: { kind: 'mix' },
      size: { width: 64, height: 36 },
      rate: null,
      debugDir: null,
      signal: null,
      before: [
        generateBeforeRender({
          generator: { ...createDraftGenerator(process.env), concurrency: 2 },
          onEvent: null,
          onResult: null,
          now: () => new Date(),
        }),
      ],
      prepareAudio: audioBeforeRender({
        backend: audioBackendFor({
          env: { apiKey: null, baseUrl: null, voiceId: null, draftVoice: null },
          retry: null,
          onEvent: null,
        }),
        settings: null,
        onEvent: null,
        onResult: null,
      }),
      onProgress: null,
    });
    expect(readFileSync(timelineFile, 'utf8')).toBe(editorsBefore);

    const file = join(work, 'trailer.conformed.otio');
    const text = readFileSync(file, 'utf8');
    const handBack = parseTimeline(text, file);
    expect([handBack.globalStartTime?.value, handBack.globalStartTime?.rate]).toEqual([86_400, 24]);

    const rows: string[] = [];
    for (const track of handBack.tracks.children) {
      if (!(track instanceof Track) || !track.enabled) continue;
      for (const clip of track.children) {
        if (!(clip instanceof Clip) || !clip.enabled) continue;
        const shown = clip.mediaReferences['DEFAULT_MEDIA'];
        expect(shown, clip.name).toBeInstanceOf(ExternalReference);
        const url = (shown as ExternalReference).targetUrl;
        // The editor's drive, plain path (no file://), and the file is there once mapped back.
        expect(url.startsWith('E:\\Trailer\\out\\'), url).toBe(true);
        const here = localMediaPath({ url, map, timelineDir: work }) as string;
        expect(existsSync(here), here).toBe(true);
        // Named after its file, as Resolve names references.
        expect(shown?.name).toBe(url.split('\\').at(-1));
        const original = clip.mediaReferences['editor-original'];
        const name = url.split('\\').at(-1) ?? '';
        rows.push(
          `${track.kind} ${url.split('\\').slice(3, -1).join('/')}/${name.split('-')[0]} <- ${original instanceof MissingReference ? 'MissingReference' : original instanceof GeneratorReference ? original.generatorKind : String(original)}`,
        );
      }
    }
    // Nine shots (their chosen takes), the end card, seven voice-over lines, the score.
    expect(rows).toEqual([
      ...['sc01', 'sc02', 'sc03', 'sc04', 'sc05', 'sc06a', 'sc06b', 'sc06c', 'sc07'].map(
        (shot) => `Video shots/${shot}/take <- MissingReference`,
      ),
      'Video titles/sc08 <- libero.title',
      ...Array.from({ length: 7 }, () => 'Audio audio/voice <- MissingReference'),
      'Audio audio/score <- MissingReference',
    ]);
    // libero cat (at the release the hand-back is written for) reads back exactly what was
    // written, byte for byte.
    expect(await catTimelineFile({ file, targetVersion: DEFAULT_NLE_TARGET_VERSION })).toBe(text);
  }, 300_000);
});
