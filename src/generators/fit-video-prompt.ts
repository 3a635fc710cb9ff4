/**
 * Fits a video prompt into its text encoder's token limit before anything is queued.
 * CogVideoX reads the prompt through T5 with at most 226 tokens; kijai's wrapper raises
 * "Prompt is too long, max tokens supported is 226 or less" on the GPU above that
 * (ComfyUI-CogVideoXWrapper nodes.py, CogVideoTextEncode). Pure.
 *
 * There is no T5 tokenizer with its vocabulary on the npm registry, so the count is an
 * estimate built to err high: T5's SentencePiece model (32k pieces, no byte fallback) gives a
 * common English word one or two pieces and starts each word with "▁"; the estimate gives
 * every 3 letters a piece, every digit and every other character (punctuation, accented
 * letters, which T5 may not know) a piece of its own, a lone "▁" to a word that does not
 * start with a letter, and one for the closing `</s>`. Real tokenizations come out at or below
 * it (the test holds T5's own: "hello world" 3 ids, "A long paragraph for summarization." 9,
 * estimated 5 and 14).
 */

/** Conservative T5 token count of `text`, `</s>` included. */
export function estimateT5Tokens(text: string): number {
  let tokens = 1; // </s>
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (!/^[A-Za-z]/.test(word)) tokens += 1; // a lone "▁" piece
    for (const run of word.match(/[A-Za-z]+|[0-9]|[^A-Za-z0-9]/g) ?? []) {
      tokens += /^[A-Za-z]/.test(run) ? Math.ceil(run.length / 3) : 1;
    }
  }
  return tokens;
}

/** Options for {@link fitVideoPrompt}. */
export interface FitVideoPromptOptions {
  /** The shot's description (style prefix and prompt). */
  readonly description: string;
  /** The camera/subject motion ('' when none). */
  readonly motion: string;
  /** The encoder's limit (`</s>` included), or null for none. */
  readonly tokenLimit: number | null;
}

/** A prompt that fits, and what was cut. */
export interface FittedVideoPrompt {
  readonly prompt: string;
  /** Estimated tokens of the prompt as given (before any cut). */
  readonly estimated: number;
  /** Words left out (empty when it fitted as it was). */
  readonly dropped: string;
}

/**
 * The prompt as `description motion` when it fits; otherwise motion first, then as much of the
 * description as fits, cut at a word (the motion is what a video model most needs to hear).
 */
export function fitVideoPrompt(options: FitVideoPromptOptions): FittedVideoPrompt {
  const { description, motion, tokenLimit } = options;
  const whole = motion === '' ? description : `${description} ${motion}`;
  const estimated = estimateT5Tokens(whole);
  if (tokenLimit === null || estimated <= tokenLimit)
    return { prompt: whole, estimated, dropped: '' };
  const words = [...motion.split(/\s+/), ...description.split(/\s+/)].filter((w) => w !== '');
  let kept = 0;
  while (kept < words.length && estimateT5Tokens(words.slice(0, kept + 1).join(' ')) <= tokenLimit)
    kept += 1;
  return {
    prompt: words.slice(0, kept).join(' '),
    estimated,
    dropped: words.slice(kept).join(' '),
  };
}
