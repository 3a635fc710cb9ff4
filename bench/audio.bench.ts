/**
 * The demo trailer's audio (7 Italian lines, an 89 s score cue): offline draft and ElevenLabs
 * (against the local protocol fake), each cold then warm (everything from the cache). Prints
 * times, the warm/cold ratio, what was spent and the measured loudness of the mix.
 */
import { readFile } from 'node:fs/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultProjectConfig } from '../src/config/index.js';
import { audioBackendFor } from '../src/pipeline/audio-backend-from-env.js';
import type { AudioEnv } from '../src/pipeline/audio-backend-from-env.js';
import { DEFAULT_AUDIO_SETTINGS, produceAudio } from '../src/pipeline/audio-produce.js';
import { parseTimeline } from '../src/pipeline/project.js';
import { startFakeElevenLabs } from '../tests/fakes/elevenlabs/fake-elevenlabs.js';

export default async function bench(): Promise<void> {
  const file = new URL('../templates/projects/trailer/trailer.otio', import.meta.url);
  const timeline = parseTimeline(await readFile(file, 'utf8'), file.pathname);
  const dir = await mkdtemp(join(tmpdir(), 'libero-audio-bench-'));
  const fake = await startFakeElevenLabs({ apiKey: 'sk_bench' });
  try {
    const runs: [string, AudioEnv][] = [
      ['draft', { apiKey: null, baseUrl: null, voiceId: null, draftVoice: null }],
      [
        'elevenlabs (fake)',
        { apiKey: 'sk_bench', baseUrl: fake.url, voiceId: 'narrator_it', draftVoice: null },
      ],
    ];
    for (const [name, env] of runs) {
      const backend = audioBackendFor({ env, retry: null, onEvent: null });
      const projectDir = join(dir, name.split(' ')[0] ?? name);
      const times: number[] = [];
      for (const pass of ['cold', 'warm']) {
        const t0 = performance.now();
        const result = await produceAudio({
          timeline,
          projectDir,
          config: defaultProjectConfig(),
          settings: DEFAULT_AUDIO_SETTINGS,
          backend,
          signal: null,
          onEvent: null,
        });
        times.push((performance.now() - t0) / 1000);
        const l = result.loudness;
        console.log(
          `${name} ${pass}: ${times.at(-1)?.toFixed(2)} s, cues ${result.cues.length} (${result.cues.filter((c) => c.cached).length} cached, ${result.cues.filter((c) => c.error !== null).length} failed), ` +
            `spent ${result.spent.characters} characters + ${result.spent.musicSeconds} s music in ${result.spent.requests} requests, ` +
            `mix ${result.duration.toFixed(2)} s at ${l?.integrated} LUFS / ${l?.truePeak} dBTP (LRA ${l?.range})`,
        );
      }
      console.log(`${name}: warm/cold = ${((times[1] ?? 0) / (times[0] ?? 1)).toFixed(3)}`);
    }
  } finally {
    await fake.close();
    await rm(dir, { recursive: true, force: true });
  }
}
