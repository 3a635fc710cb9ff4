/** Render progress for a human: a bar on a terminal, plain lines otherwise. */
import cliProgress from 'cli-progress';
import type { CueOutcome } from '../../pipeline/audio-produce.js';
import type { ShotSummary } from '../../pipeline/generate-project.js';
import type { RenderProgress, RenderSummary } from '../../pipeline/render-timeline.js';

/** A progress sink and its closing call. */
export interface RenderProgressView {
  readonly update: (progress: RenderProgress) => void;
  readonly stop: () => void;
}

function percent(p: RenderProgress): number {
  return p.framesTotal === 0 ? 100 : Math.floor((100 * p.framesDone) / p.framesTotal);
}

/** A bar (percent, fps, ETA) when `tty`, else a line per 10 % and per phase. */
export function renderProgressView(options: {
  tty: boolean;
  write: (line: string) => void;
}): RenderProgressView {
  if (options.tty) {
    const bar = new cliProgress.SingleBar(
      {
        format:
          'render [{bar}] {percentage}% | {phase} {segments} | {fps} fps | ETA {eta_formatted}',
        hideCursor: true,
        etaBuffer: 50,
      },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update: (p) => {
        const payload = {
          phase: p.phase,
          segments: `${p.segmentsDone}/${p.segmentsTotal} segments`,
          fps: p.fps.toFixed(0),
        };
        if (!started) {
          bar.start(p.framesTotal, p.framesDone, payload);
          started = true;
        } else bar.update(p.framesDone, payload);
      },
      stop: () => {
        if (started) bar.stop();
        started = false;
      },
    };
  }
  let lastPercent = -10;
  let lastPhase = '';
  return {
    update: (p) => {
      const now = percent(p);
      if (p.phase !== lastPhase || now >= lastPercent + 10) {
        options.write(
          `render ${p.phase.padEnd(8)} ${String(now).padStart(3)}%  ${p.framesDone}/${p.framesTotal} frames, ${p.segmentsDone}/${p.segmentsTotal} segments${p.fps > 0 ? `, ${p.fps.toFixed(0)} fps` : ''}`,
        );
        lastPercent = now - (now % 10);
        lastPhase = p.phase;
      }
    },
    stop: () => undefined,
  };
}

/** The closing lines. */
export function describeRenderSummary(summary: RenderSummary, seconds: number): string[] {
  const lines = [
    `wrote ${summary.output}: ${summary.frames} frames (${summary.durationSeconds.toFixed(3)} s) at ${summary.width}x${summary.height} ${summary.rate} fps in ${seconds.toFixed(1)} s`,
    `segments: ${summary.segmentsEncoded} encoded, ${summary.segmentsReused} reused of ${summary.segmentsTotal}; audio ${summary.audioReused ? 'reused' : 'mixed'}`,
  ];
  if (summary.audioSilent)
    lines.push(
      'audio: silent (nothing audible in the cut): a silent stereo track of the exact length, no loudness pass',
    );
  if (summary.loudness !== null)
    lines.push(
      `loudness: the mix measured ${summary.loudness.measuredIntegrated.toFixed(1)} LUFS and was normalised to the target (${summary.loudness.normalization})`,
    );
  if (summary.offline.length > 0) {
    lines.push(`MEDIA OFFLINE (${summary.offline.length}):`);
    for (const o of summary.offline)
      lines.push(`  ${o.clipName}: ${o.reason}${o.target === null ? '' : ` (${o.target})`}`);
  }
  return lines;
}

/**
 * The closing lines for what failed on the way to the master (it was written anyway: failed
 * shots as MEDIA OFFLINE, failed lines as silence); empty when nothing failed.
 */
export function describeRenderFailures(failures: {
  readonly shots: readonly ShotSummary[];
  readonly cues: readonly CueOutcome[];
}): string[] {
  const { shots, cues } = failures;
  if (shots.length + cues.length === 0) return [];
  const lines = [
    `done, with failures: ${shots.length} shot(s) and ${cues.length} audio cue(s) failed; the master was written without them`,
  ];
  for (const shot of shots)
    lines.push(`  failed shot ${shot.shotId}: ${shot.error?.message ?? 'failed'}`);
  for (const cue of cues)
    lines.push(
      `  failed ${cue.kind === 'voice' ? 'voice-over line' : 'score cue'} ${cue.cueId} (${cue.source}): ${cue.error?.message ?? 'failed'}${cue.kind === 'voice' ? ' (silent in the master)' : ''}`,
    );
  return lines;
}
