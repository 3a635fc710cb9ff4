/** Reads the JSON block `loudnorm=print_format=json` writes at the end of stderr (pure). */
import { z } from 'zod';
import { LiberoError } from '../../shared/index.js';

const schema = z.object({
  input_i: z.string(),
  input_tp: z.string(),
  input_lra: z.string(),
  input_thresh: z.string(),
  output_i: z.string(),
  output_tp: z.string(),
  normalization_type: z.string(),
  target_offset: z.string(),
});

/** loudnorm's report. */
export type LoudnormReport = z.infer<typeof schema>;

/** Parses the last `{...}` block of an ffmpeg stderr that ran loudnorm. */
export function parseLoudnormJson(stderr: string): LoudnormReport {
  const start = stderr.lastIndexOf('{');
  const end = stderr.lastIndexOf('}');
  const parsed =
    start >= 0 && end > start
      ? schema.safeParse(
          (() => {
            try {
              return JSON.parse(stderr.slice(start, end + 1)) as unknown;
            } catch {
              return null;
            }
          })(),
        )
      : null;
  if (parsed === null || !parsed.success) {
    throw new LiberoError('FFMPEG_EXIT_NONZERO', 'ffmpeg loudnorm did not print its JSON report.', {
      details: { stderr: stderr.slice(-600) },
    });
  }
  return parsed.data;
}
