/** Escaping for values inside an ffmpeg filter graph (paths of fonts and text files). */

/**
 * Escapes a value for a filter option inside a `-filter_complex` graph. Two levels, see
 * https://ffmpeg.org/ffmpeg-filters.html#Notes-on-filtergraph-escaping: first the option
 * level (`\` `'` `:`), then the graph level (`\` `'` `[` `]` `,` `;`).
 */
export function escapeFilterValue(value: string): string {
  const optionLevel = value.replace(/[\\':]/g, '\\$&');
  return optionLevel.replace(/[\\'[\],;]/g, '\\$&');
}
