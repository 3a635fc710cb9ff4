/** What the planner knows about each referenced file (gathered by `gatherMediaFacts`). */
import type { MediaVideo } from './render-plan.js';

/** One file's facts. */
export type MediaFacts =
  | {
      readonly status: 'ok';
      /** path, size and modification time: the cache identity of the file. */
      readonly identity: string;
      readonly video: MediaVideo | null;
      readonly hasAudio: boolean;
      readonly duration: number | null;
    }
  | { readonly status: 'missing' }
  | { readonly status: 'unreadable'; readonly message: string };

/** Facts by absolute path. */
export type MediaFactsByPath = ReadonlyMap<string, MediaFacts>;
