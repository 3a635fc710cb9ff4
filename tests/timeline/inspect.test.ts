/**
 * `libero inspect --json` against ranges computed by hand from the reference's algorithms
 * (track.cpp range_of_child_at_index, item.cpp visible_range, clip.cpp available_range,
 * stackAlgorithm.cpp flatten_stack), and the CLI contract once through the real command.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatInspectSummary, inspectTimelineFile } from '../../src/pipeline/inspect-timeline.js';
import type { InspectItem, TrJson } from '../../src/pipeline/inspect-timeline.js';

const sample = (f: string): string =>
  fileURLToPath(new URL(`../../../shared/otio-samples/${f}`, import.meta.url));
const tr = (r: TrJson | null): string | null =>
  r === null ? null : `${r.start_time.value}+${r.duration.value}@${r.duration.rate}`;
const row = (i: InspectItem): (string | null)[] => [
  i.schema,
  i.name,
  tr(i.range_in_parent),
  tr(i.trimmed_range),
  tr(i.visible_range),
  tr(i.available_range),
  i.start_timecode,
];

describe('inspect --json', () => {
  it('transition_test: transitions overlap, handles widen visible ranges', async () => {
    const report = await inspectTimelineFile(sample('transition_test.otio'));
    expect(report.schema).toBe('Timeline.1');
    const [tl] = report.timelines;
    // 3 clips of 50 frames plus the first transition's in offset (10) and the last one's out
    // offset (10): Track::available_range.
    expect(tl?.duration).toEqual({ value: 170, rate: 24 });
    expect(tl?.tracks[0]?.items.map(row)).toEqual([
      // Transitions: range starts in_offset before the cut; no trimmed/visible/available range.
      ['Transition.1', 't0', '-10+20@24', null, null, null, null],
      // A: followed by t1 (out 10) and preceded by t0 (in 10): visible -10..60.
      // Its media is a MissingReference without available_range: available_range raises.
      ['Clip.2', 'A', '0+50@24', '0+50@24', '-10+70@24', null, '00:00:00:00'],
      ['Transition.1', 't1', '40+20@24', null, null, null, null],
      ['Clip.2', 'B', '50+50@24', '0+50@24', '-10+60@24', null, '00:00:00:00'],
      // C is followed by t3 (out 10) only.
      ['Clip.2', 'C', '100+50@24', '0+50@24', '0+60@24', null, '00:00:00:00'],
      ['Transition.1', 't3', '140+20@24', null, null, null, null],
    ]);
    // One video track: flattening copies it, transitions included.
    expect(tl?.flattened_video.map((f) => `${f.name}:${tr(f.range_in_parent)}`)).toEqual([
      't0:-10+20@24',
      'A:0+50@24',
      't1:40+20@24',
      'B:50+50@24',
      'C:100+50@24',
      't3:140+20@24',
    ]);
  });

  it('screening_example: source timecodes, markers (Marker.3 colours), missing media', async () => {
    const [tl] = (await inspectTimelineFile(sample('screening_example.otio'))).timelines;
    const first = tl?.tracks[0]?.items[0];
    // 86501@24 = 86400 (01:00:00:00) + 4 s 5 frames.
    expect(first?.start_timecode).toBe('01:00:04:05');
    expect(first?.media).toEqual({
      schema: 'MissingReference.1',
      target_url: null,
      generator_kind: null,
    });
    const markers = tl?.tracks.flatMap((k) => k.items.flatMap((i) => i.markers)) ?? [];
    expect(markers.length).toBe(3);
    expect(markers.every((m) => typeof m.color === 'string')).toBe(true);
  });

  it('nested_example: a nested stack and track are items with computed ranges; effects listed', async () => {
    const [tl] = (await inspectTimelineFile(sample('nested_example.otio'))).timelines;
    const items = tl?.tracks[0]?.items ?? [];
    expect(items.map((i) => i.schema)).toEqual([
      'Clip.2',
      'Stack.1',
      'Clip.2',
      'Stack.1',
      'Clip.2',
      'Track.1',
      'Clip.2',
    ]);
    // A Stack's available range is [0, longest child) (stack.cpp).
    expect(items[1]?.available_range?.start_time.value).toBe(0);
    const effects = items.flatMap((i) => i.effects);
    expect(effects.map((e) => [e.schema, e.time_scalar])).toEqual([
      // time_scalar as written in the file; FreezeFrame's is 0.
      ['LinearTimeWarp.1', 0.8545454551724138],
      ['FreezeFrame.1', 0],
    ]);
  });

  it('multiple_track: flattened video is the top track where it has media, the lower ones elsewhere', async () => {
    const [tl] = (await inspectTimelineFile(sample('multiple_track.otio'))).timelines;
    // Track-003 has a source range of 16 frames over a 9-frame clip: flatten pads it to the
    // longest track (19) with a 3-frame gap laid after the clip (range_of_all_children ignores
    // the source range), through which Track-002's Clip-003 shows at 9..12.
    expect(tl?.flattened_video.map((f) => `${f.name}:${tr(f.range_in_parent)}`)).toEqual([
      'Clip-005:0+9@24',
      'Clip-003:9+3@24',
    ]);
  });

  it('prints a human summary with timecode durations and each clip class and reason', async () => {
    const file = sample('transition_test.otio');
    const lines = formatInspectSummary(await inspectTimelineFile(file), 'transition_test.otio');
    expect(lines).toEqual([
      'transition_test.otio: Timeline.1, 1 timeline(s)',
      'timeline "transition_test": duration 00:00:07:02',
      '  Video  "Sequence1": 3 clip(s), 6 item(s), 00:00:07:02',
      '    placeholder (missing-reference): "A" at 00:00:00:00: a MissingReference',
      '    placeholder (missing-reference): "B" at 00:00:02:02: a MissingReference',
      '    placeholder (missing-reference): "C" at 00:00:04:04: a MissingReference',
      "  video clips: 3 placeholder(s) libero fills, 0 offline (the editor's media, not on this machine; never generated), 0 title/effect, 0 ready",
    ]);
  });

  it('the CLI prints exactly the report (libero inspect --json)', async () => {
    // One real process (it costs seconds: the CLI loads every command); the rest is tested
    // through the pipeline functions the command calls.
    const cli = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
    const file = sample('simple_cut.otio');
    const out = execFileSync(
      process.execPath,
      ['--import', 'tsx', cli, 'inspect', file, '--json'],
      {
        encoding: 'utf8',
      },
    );
    expect(JSON.parse(out)).toEqual(await inspectTimelineFile(file));
  });
});
