import { describe, expect, it } from 'vitest';
import { applyCdl, cdlFilter, cdlFromMetadata } from './cdl.js';

const editor = { slope: [1.1, 1, 0.9], offset: [0, 0.01, 0], power: [1, 1, 1], saturation: 0.8 };
const auto = { slope: [2, 2, 2], offset: [0, 0, 0], power: [1, 1, 1], saturation: 1 };

describe('cdlFromMetadata', () => {
  it.each([
    // The editor's libero.cdl wins over look matching's cdl_auto.
    [{ libero: { cdl: editor, cdl_auto: auto } }, 'libero', [1.1, 1, 0.9]],
    // Resolve's SetCDL names, as strings, in Resolve_OTIO.CDL.
    [
      {
        Resolve_OTIO: {
          CDL: { Slope: '1.2 1.0 0.8', Offset: '0 0 0', Power: '1 1 1', Saturation: '1.1' },
        },
        libero: { cdl_auto: auto },
      },
      'resolve',
      [1.2, 1, 0.8],
    ],
    // OTIO's CMX/ALE adapters' cdl.asc_sop + asc_sat.
    [
      {
        cdl: {
          asc_sop: { slope: [0.9, 0.9, 0.9], offset: [0, 0, 0], power: [1, 1, 1] },
          asc_sat: 0.5,
        },
      },
      'otio-cdl',
      [0.9, 0.9, 0.9],
    ],
    // Look matching only when the editor gave none.
    [{ libero: { cdl_auto: auto } }, 'auto', [2, 2, 2]],
  ])('%#', (metadata, origin, slope) => {
    const found = cdlFromMetadata(metadata);
    expect(found?.origin).toBe(origin);
    expect(found?.cdl.slope).toEqual(slope);
  });

  it('is null without a CDL or with a malformed one', () => {
    expect(cdlFromMetadata({})).toBeNull();
    expect(cdlFromMetadata({ libero: { cdl: { slope: [1, 'x', 1] } } })).toBeNull();
  });
});

describe('cdlFilter', () => {
  it('is empty for the identity and exact lutrgb + colorchannelmixer otherwise', () => {
    expect(
      cdlFilter({ slope: [1, 1, 1], offset: [0, 0, 0], power: [1, 1, 1], saturation: 1 }),
    ).toBe('');
    expect(
      cdlFilter({ slope: [2, 1, 1], offset: [0, 0.1, 0], power: [1, 1, 0.5], saturation: 0 }),
    ).toBe(
      "lutrgb=r='clip(pow(clip(val/maxval*2+0,0,1),1)*maxval,0,maxval)':g='clip(pow(clip(val/maxval*1+0.1,0,1),1)*maxval,0,maxval)':b='clip(pow(clip(val/maxval*1+0,0,1),0.5)*maxval,0,maxval)'," +
        'colorchannelmixer=rr=0.2126:rg=0.7152:rb=0.0722:gr=0.2126:gg=0.7152:gb=0.0722:br=0.2126:bg=0.7152:bb=0.0722',
    );
  });

  it('applies the ASC maths: clamp after slope/offset, power, saturation around Rec.709 luma', () => {
    const out = applyCdl(
      { slope: [2, 1, 1], offset: [0, 0, 0], power: [1, 1, 2], saturation: 1 },
      [0.6, 0.5, 0.5],
    );
    expect(out.map((v) => Number(v.toFixed(4)))).toEqual([1, 0.5, 0.25]);
  });
});
