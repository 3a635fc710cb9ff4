import { describe, expect, it } from 'vitest';
import { parseEbur128Summary, parseLoudnormJson } from './loudness.js';

// Tails of real ffmpeg 5.1 stderr.
const LOUDNORM = `[Parsed_loudnorm_12 @ 0x55d0c1c0] 
{
	"input_i" : "-27.61",
	"input_tp" : "-4.47",
	"input_lra" : "18.06",
	"input_thresh" : "-39.20",
	"output_i" : "-16.58",
	"output_tp" : "-1.50",
	"output_lra" : "14.78",
	"output_thresh" : "-27.71",
	"normalization_type" : "dynamic",
	"target_offset" : "0.58"
}
`;
const EBUR128 = `[Parsed_ebur128_0 @ 0x56543fd6dd80] Summary:

  Integrated loudness:
    I:         -13.9 LUFS
    Threshold: -24.0 LUFS

  Loudness range:
    LRA:         4.0 LU
    Threshold: -33.8 LUFS
    LRA low:   -15.4 LUFS
    LRA high:  -11.4 LUFS

  True peak:
    Peak:       -1.0 dBFS
`;

describe('loudness reports', () => {
  it('reads loudnorm pass-1 JSON', () => {
    expect(parseLoudnormJson(LOUDNORM)).toEqual({
      inputI: -27.61,
      inputTp: -4.47,
      inputLra: 18.06,
      inputThresh: -39.2,
      targetOffset: 0.58,
    });
  });
  it('reads the ebur128 summary', () => {
    expect(parseEbur128Summary(EBUR128)).toEqual({ integrated: -13.9, range: 4, truePeak: -1 });
  });
  it('refuses stderr without a report', () => {
    expect(() => parseLoudnormJson('nothing here')).toThrow(/no measurement/);
    expect(() => parseEbur128Summary('nothing')).toThrow(/no summary/);
  });
});
