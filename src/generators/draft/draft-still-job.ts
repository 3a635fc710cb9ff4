/**
 * The draft still: a card an editor can cut with. A colour per shot, a faint grid (so the draft
 * video's camera move shows), the shot's id and scene large, its prompt wrapped, and its seed.
 */
import type { FfmpegJob } from '../../media/index.js';
import { escapeFilterValue } from './filter-escape.js';

/** Options for {@link draftStillJob}. */
export interface DraftStillJobOptions {
  readonly width: number;
  readonly height: number;
  /** `RRGGBB`. */
  readonly colour: string;
  readonly fontFile: string;
  readonly boldFontFile: string;
  /** Files holding the text to draw (drawtext reads them: no escaping of prompt text). */
  readonly titleFile: string;
  readonly promptFile: string;
  readonly footerFile: string;
  readonly output: string;
}

/** The ffmpeg job that draws the card as one PNG. */
export function draftStillJob(options: DraftStillJobOptions): FfmpegJob {
  const { width, height } = options;
  const unit = height / 432;
  const size = (n: number): number => Math.max(6, Math.round(n * unit));
  const font = escapeFilterValue(options.fontFile);
  const bold = escapeFilterValue(options.boldFontFile);
  // Everything an editor reads stays inside a 10% safe area: the draft video's camera move
  // (at most 1.1x, or a 1.08x pan) crops the edges, never the text.
  const marginX = Math.round(width * 0.1);
  const marginY = Math.round(height * 0.1);
  const filters = [
    `drawgrid=w=${size(48)}:h=${size(48)}:t=1:c=white@0.10`,
    `drawbox=x=0:y=0:w=iw:h=${marginY + size(52)}:c=black@0.35:t=fill`,
    `drawbox=x=${marginX - size(12)}:y=${marginY + size(66)}:w=${size(5)}:h=ih-${2 * marginY + size(110)}:c=white@0.6:t=fill`,
    `drawtext=fontfile=${bold}:textfile=${escapeFilterValue(options.titleFile)}:fontsize=${size(32)}:fontcolor=white:x=${marginX}:y=${marginY + size(8)}`,
    `drawtext=fontfile=${font}:textfile=${escapeFilterValue(options.promptFile)}:fontsize=${size(16)}:line_spacing=${size(6)}:fontcolor=white@0.95:x=${marginX}:y=${marginY + size(68)}`,
    `drawtext=fontfile=${font}:textfile=${escapeFilterValue(options.footerFile)}:fontsize=${size(14)}:fontcolor=white@0.75:x=${marginX}:y=h-${marginY + size(18)}`,
  ];
  return {
    inputs: [
      {
        source: `color=c=0x${options.colour}:s=${width}x${height}:r=1:d=1`,
        options: ['-f', 'lavfi'],
      },
    ],
    filterComplex: `[0:v]${filters.join(',')}[card]`,
    outputs: [
      { target: options.output, options: ['-map', '[card]', '-frames:v', '1', '-update', '1'] },
    ],
  };
}
