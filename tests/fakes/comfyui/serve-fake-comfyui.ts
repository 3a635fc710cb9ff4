/**
 * Starts fake ComfyUI hosts for trying libero by hand (never used by product code):
 *
 *   node --import tsx tests/fakes/comfyui/serve-fake-comfyui.ts [HOSTS] [MEDIA_SCALE] [MS_PER_GPU_SECOND]
 *   libero render trailer.otio -o out.mp4 --comfyui http://127.0.0.1:PORT1,http://127.0.0.1:PORT2
 *
 * Prints the comma-separated URLs on the first line of stdout, then serves until killed.
 */
import { FakeComfyUI } from './fake-comfyui.js';

const [hostsArg, scaleArg, msArg] = process.argv.slice(2);
const hosts = Number(hostsArg ?? 1);
const mediaScale = Number(scaleArg ?? 0.25);
const ms = Number(msArg ?? 1);
const fakes = await Promise.all(
  Array.from({ length: hosts }, () =>
    new FakeComfyUI({
      mediaScale,
      costs: {
        loadMs: {
          'flux1-dev.safetensors': 20 * ms,
          'CogVideoX_1_5_5b_I2V_bf16.safetensors': 15 * ms,
          '4xNomos8kHAT-L_otf.pth': ms,
        },
        stillMs: 5 * ms,
        videoFrameMs: 1.67 * ms,
        upscaleFrameMs: { '4xNomos8kHAT-L_otf.pth': 3.65 * ms, '1xDeJPG_OmniSR.pth': 0.3 * ms },
      },
    }).start(),
  ),
);
process.stdout.write(`${fakes.map((f) => f.url).join(',')}\n`);
const stop = (): void => {
  void Promise.all(fakes.map((f) => f.dispose())).then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
