/**
 * `libero cat`: a timeline file re-serialized as OTIO JSON, like the reference's otiocat:
 * upgraded to current schema versions (unknown schemas and fields kept), or downgraded to a
 * named release's versions.
 */
import { readTimelineFile, writeToString } from '../timeline/index.js';

/** Options of {@link catTimelineFile}. */
export interface CatOptions {
  file: string;
  /** A CORE_VERSION_MAP label such as "0.17.0"; null writes current versions. */
  targetVersion: string | null;
}

/** The re-serialized document (indent 4, as the reference writes), with a trailing newline. */
export async function catTimelineFile(options: CatOptions): Promise<string> {
  const value = await readTimelineFile(options.file);
  return writeToString(value, { targetVersion: options.targetVersion }) + '\n';
}
