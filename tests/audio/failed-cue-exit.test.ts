/**
 * A failed cue is never exit 0: `libero audio` and `libero render` finish, name every failed cue,
 * and exit with EXIT_DONE_WITH_FAILURES (6, README "Exit codes"); the render still writes the
 * master, the failed line silent in it. Real CLI processes against the ElevenLabs fake, which
 * refuses the line's voice as the real API does (404 voice_not_found).
 */
import { execFile } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { mkdtempSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_DONE_WITH_FAILURES } from '../../src/cli/exit-code.js';
import { extractAudio, probeMedia } from '../../src/media/index.js';
import type { Clip } from '../../src/timeline/index.js';
import { writeToString } from '../../src/timeline/index.js';
import { dominantFrequency } from '../helpers/colour-coded-source.js';
import { startFakeElevenLabs } from '../fakes/elevenlabs/fake-elevenlabs.js';
import type { FakeElevenLabs } from '../fakes/elevenlabs/fake-elevenlabs.js';
import { audioTimeline } from './audio-timeline.js';

const KEY = 'sk_failed_cue_key';
const cli = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
let fake: FakeElevenLabs;
let dir = '';
let otio = '';

async function libero(...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', cli, ...args],
      {
        env: {
          ...process.env,
          ELEVENLABS_API_KEY: KEY,
          ELEVENLABS_BASE_URL: fake.url,
          ELEVENLABS_VOICE_ID: '',
        },
      },
    );
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

beforeAll(async () => {
  fake = await startFakeElevenLabs({ apiKey: KEY });
  dir = mkdtempSync(join(tmpdir(), 'libero-failed-cue-'));
  mkdirSync(dir, { recursive: true });
  // VO 1 names a voice the account does not have; VO 2 takes the default voice.
  const timeline = audioTimeline({ voice: null });
  const first = timeline.findClips().find((c): c is Clip => c.name === 'VO 1');
  const libero = first?.metadata['libero'] as { voiceover: Record<string, unknown> };
  libero.voiceover['voice'] = 'no_such_voice_0000';
  otio = join(dir, 'cut.otio');
  writeFileSync(otio, writeToString(timeline) + '\n');
});
afterAll(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a cue that fails', () => {
  it('libero audio: exit 6, the failed line named, the mix made of the others', async () => {
    const { code, out } = await libero('audio', otio);
    expect(code).toBe(EXIT_DONE_WITH_FAILURES);
    expect(out).toMatch(/failed vo-1 \(clip 'VO 1'[^)]*\): .*no_such_voice_0000/);
    expect(out).toMatch(/mix: \//);
  }, 120_000);

  it('libero render: exit 6, the failed line named, the master written with the line silent', async () => {
    const master = join(dir, 'out', 'master.mp4');
    const { code, out } = await libero(
      'render',
      otio,
      '-o',
      master,
      '--size',
      '64x36',
      '--preset',
      'ultrafast',
    );
    expect(code).toBe(EXIT_DONE_WITH_FAILURES);
    expect(out).toMatch(/done, with failures: 0 shot\(s\) and 1 audio cue\(s\) failed/);
    expect(out).toMatch(/failed voice-over line vo-1 \(clip 'VO 1'[^)]*\): .*no_such_voice_0000/);
    const probed = await probeMedia(master);
    expect(probed.streams.find((s) => s.kind === 'audio')).toMatchObject({ codec: 'aac' });
    expect(probed.duration).toBeCloseTo(8, 0);
    // VO 1 (0.5-3.5 s) holds only the 110 Hz score; VO 2 (4.5-7.5 s) speaks its tone.
    const rate = 48_000;
    const samples = await extractAudio({ path: master, sampleRate: rate, signal: null });
    const at = (from: number, to: number) => ({ from: from * rate, to: to * rate });
    expect(dominantFrequency(samples, rate, at(0.8, 2))).toBeLessThan(150);
    expect(dominantFrequency(samples, rate, at(4.8, 5.8))).toBeGreaterThan(170);
  }, 180_000);
});
