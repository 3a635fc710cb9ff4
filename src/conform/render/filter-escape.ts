/**
 * Escaping for values inside an ffmpeg filtergraph. A value is parsed twice: first by the
 * graph parser (where `\ ' [ ] , ;` are special), then by the filter's option parser (where
 * `\ ' :` are special). See https://ffmpeg.org/ffmpeg-filters.html#Notes-on-filtergraph-escaping
 */

/** Escapes a value (a path, a colour) for use as `option=VALUE` in a filtergraph string. */
export function escapeFilterValue(value: string): string {
  const optionLevel = value.replace(/[\\':]/g, (c) => `\\${c}`);
  return optionLevel.replace(/[\\'[\],;]/g, (c) => `\\${c}`);
}
