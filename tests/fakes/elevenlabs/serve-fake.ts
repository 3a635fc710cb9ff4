/**
 * Runs the ElevenLabs fake on its own for trying libero by hand:
 *   npx tsx tests/fakes/elevenlabs/serve-fake.ts [API_KEY]
 * prints `ELEVENLABS_BASE_URL=... ELEVENLABS_API_KEY=...` to export, logs each request
 * (never the key), and stops on Ctrl-C.
 */
import { startFakeElevenLabs } from './fake-elevenlabs.js';

const apiKey = process.argv[2] ?? 'sk_fake_local';
const fake = await startFakeElevenLabs({ apiKey, voices: ['fake_narrator'] });
console.log(
  `ELEVENLABS_BASE_URL=${fake.url} ELEVENLABS_API_KEY=${apiKey} ELEVENLABS_VOICE_ID=fake_narrator`,
);
let seen = 0;
const timer = setInterval(() => {
  for (; seen < fake.requests.length; seen++) {
    const r = fake.requests[seen];
    if (r !== undefined)
      console.log(
        `${r.method} ${r.path} ${JSON.stringify(r.query)} ${String(r.body['text'] ?? r.body['prompt'] ?? '').slice(0, 60)}`,
      );
  }
}, 200);
process.once('SIGINT', () => {
  clearInterval(timer);
  void fake.close().then(() => process.exit(0));
});
