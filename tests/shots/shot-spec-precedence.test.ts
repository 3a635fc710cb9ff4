import { describe, expect, it } from 'vitest';
import { parseProjectConfig } from '../../src/config/index.js';
import { findShots } from '../../src/shots/index.js';
import { buildTimeline } from './build-timeline.js';
import type { TestClip } from './build-timeline.js';

const config = parseProjectConfig({
  json: {
    stylePrefix: 'Italy, 1944,',
    triggerWords: 'p4rtigiano man',
    lora: { name: 'p4.safetensors', strengthModel: 0.8, strengthClip: 0.7 },
    seedGroups: { partisan: 184229719894473, letter: 716242073457185 },
    negativePrompt: 'blurry',
  },
  file: 'libero.json',
});

const one = (clip: TestClip) => {
  const found = findShots({ timeline: buildTimeline([clip]), config, fileExists: () => false });
  return found;
};

describe('ShotSpec precedence: defaults < clip name < metadata.libero < markers', () => {
  it('takes project defaults when the clip says nothing but its prompt', () => {
    const { shots } = one({ name: 'sc01: a bombed street', frames: 48 });
    const spec = shots[0]?.spec;
    // the name gives the prompt; the style prefix is put in front
    expect(spec?.prompt).toBe('Italy, 1944, a bombed street');
    expect(spec?.negativePrompt).toBe('blurry');
    expect(spec?.lora).toEqual({ name: 'p4.safetensors', strengthModel: 0.8, strengthClip: 0.7 });
    expect([spec?.width, spec?.height, spec?.fps]).toEqual([768, 432, 12]);
    // the name's label is the shot id
    expect(spec?.shotId).toBe('sc01');
  });

  it('lets metadata.libero override the name, and markers override metadata', () => {
    const { shots } = one({
      name: 'sc03: from the name',
      frames: 48,
      libero: {
        prompt: 'Italy, 1941, from metadata',
        seed_group: 'partisan',
        motion: 'pan left',
        character: true,
      },
      markers: [
        { name: 'motion', comment: 'slow push in' },
        { name: 'seed', comment: '42' },
      ],
    });
    const spec = shots[0]?.spec;
    // metadata beats the name; it starts with "Italy", so no second prefix; trigger words added
    expect(spec?.prompt).toBe('Italy, 1941, from metadata, p4rtigiano man');
    // the marker's seed beats the metadata's seed group
    expect(spec?.seed).toBe(42);
    expect(spec?.seedGroup).toBeNull();
    // the marker's motion beats the metadata's
    expect(spec?.motion).toBe('slow push in');
  });

  it('resolves a seed group to its seed, and a marker prompt beats everything', () => {
    const { shots } = one({
      name: 'sc04',
      frames: 24,
      libero: { prompt: 'metadata prompt', seed_group: 'letter', lora: false },
      markers: [{ name: 'prompt', comment: 'Italy, 1941, the marker prompt' }],
    });
    expect(shots[0]?.spec.prompt).toBe('Italy, 1941, the marker prompt');
    expect(shots[0]?.spec.seed).toBe(716242073457185);
    expect(shots[0]?.spec.seedGroup).toBe('letter');
    // lora: false turns the project's LoRA off for this shot
    expect(shots[0]?.spec.lora).toBeNull();
  });

  it('reads "name: value" markers and counts regen markers', () => {
    const { shots } = one({
      name: 'sc05',
      frames: 24,
      libero: { prompt: 'x' },
      markers: [
        { name: 'motion: tilt up', comment: '' },
        { name: 'regen', comment: '' },
        { name: 'regenerate', comment: 'try again' },
      ],
    });
    expect(shots[0]?.spec.motion).toBe('tilt up');
    expect(shots[0]?.spec.regen).toBe(2);
  });

  it('lists a placeholder without a prompt, reports bad fields, and still finds the others', () => {
    const found = findShots({
      timeline: buildTimeline([
        { name: 'sc01', frames: 24 },
        {
          name: 'sc02',
          frames: 24,
          libero: { prompt: 'a road', seed: 'soon', seed_group: 'nope' },
        },
        { name: 'end card', frames: 24, title: 'The end' },
      ]),
      config,
      fileExists: () => false,
    });
    expect(found.needsPrompt.map((n) => n.clipName)).toEqual(['sc01']);
    expect(found.shots.map((s) => s.spec.shotId)).toEqual(['sc02']);
    // the title card is not a shot and needs no prompt
    expect(found.problems.map((p) => p.message)).toEqual([
      'metadata.libero: "seed" should be a whole number, got "soon"',
      'seed group "nope" is not in libero.json\'s seedGroups (partisan, letter); using the default seed',
    ]);
  });
});

describe('a regen marker note changes the new take (issue 7)', () => {
  it('applies the note written by the Resolve plugin (an addition to the prompt, seed, motion)', () => {
    const { shots } = one({
      name: 'sc06: a roadblock at dawn',
      frames: 24,
      libero: { seed_group: 'partisan', motion: 'static' },
      // what plugin/lib/place-regen-marker.js writes: name "regen", the editor's note as comment
      markers: [{ name: 'regen', comment: 'more fog, seed: 42, motion: slow pan left' }],
    });
    const spec = shots[0]?.spec;
    // free text keeps the shot's description and asks for more
    expect(spec?.prompt).toBe('Italy, 1944, a roadblock at dawn, more fog');
    expect(spec?.seed).toBe(42);
    expect(spec?.motion).toBe('slow pan left');
    // the take's seed is seed + regen: the note's seed is used as written
    expect(spec?.regen).toBe(0);
  });

  it('beats other markers; a later regen note beats an earlier one; fields it omits stay', () => {
    const { shots, problems } = one({
      name: 'sc07: from the name',
      frames: 24,
      markers: [
        { name: 'regen', comment: 'seed: 5; motion: tilt up' },
        { name: 'motion', comment: 'push in' },
        { name: 'seed', comment: '9' },
        { name: 'regen', comment: 'seed: 6' },
        { name: 'regen', comment: 'seed: later' },
      ],
    });
    const spec = shots[0]?.spec;
    expect(spec?.seed).toBe(6);
    expect(spec?.motion).toBe('tilt up');
    expect(spec?.prompt).toBe('Italy, 1944, from the name');
    // one regen marker after the last note that named a seed: seed 6 varied once
    expect(spec?.regen).toBe(1);
    expect(problems.map((p) => p.message)).toEqual([
      'marker "regen": regen note: "seed" should be a whole number, got "later"',
    ]);
  });

  it('a note\'s "prompt:" replaces the prompt and drops earlier additions; later additions append', () => {
    const { shots } = one({
      name: 'sc09: a church in fog',
      frames: 24,
      markers: [
        { name: 'regen', comment: 'warmer light' },
        { name: 'regen', comment: 'prompt: a bell tower at night' },
        { name: 'regen', comment: 'snow falling' },
      ],
    });
    expect(shots[0]?.spec.prompt).toBe('Italy, 1944, a bell tower at night, snow falling');
  });

  it('reads the note from "regen: ..." in the marker name when the comment is empty', () => {
    const { shots } = one({
      name: 'sc08: x',
      frames: 24,
      markers: [{ name: 'regen: motion: whip pan', comment: '' }],
    });
    expect(shots[0]?.spec.motion).toBe('whip pan');
  });
});
