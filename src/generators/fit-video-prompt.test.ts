import { describe, expect, it } from 'vitest';
import { estimateT5Tokens, fitVideoPrompt } from './fit-video-prompt.js';

describe('estimateT5Tokens', () => {
  // Real T5 tokenizations (t5-small/t5-base share t5xxl's 32k vocabulary), `</s>` included:
  // MindFormers' T5Tokenizer docs, and huggingface/transformers
  // tests/models/t5/test_tokenization_t5.py (test_prepare_batch, test_prepare_seq2seq_batch).
  it.each([
    // [21820, 296, 1]
    ['hello world', 3],
    // [71, 307, 8986, 21, 4505, 1635, 1707, 5, 1]
    ['A long paragraph for summarization.', 9],
    // [71, 307, 8986, 21, 4505, 51, 52, 1707, 5] + </s>: a misspelling costs pieces
    ['A long paragraph for summrization.', 10],
  ])('is not below the real T5 count of %j (%i)', (text, real) => {
    expect(estimateT5Tokens(text)).toBeGreaterThanOrEqual(real);
  });

  it.each([
    // only </s>
    ['', 1],
    // 2 + 2 letters-pieces + </s>
    ['hello world', 5],
    // "▁", 4 digits, ",", </s>
    ['1944,', 7],
    // "citt" 2, "à" 1 (T5 has no byte fallback), </s>
    ['città', 4],
  ])('%j -> %i', (text, estimate) => expect(estimateT5Tokens(text)).toBe(estimate));
});

describe('fitVideoPrompt', () => {
  it('keeps a prompt that fits as description then motion', () => {
    expect(
      fitVideoPrompt({
        description: 'Italy, 1944, a bridge',
        motion: 'slow push in',
        tokenLimit: 226,
      }),
    ).toEqual({ prompt: 'Italy, 1944, a bridge slow push in', estimated: 18, dropped: '' });
  });

  it('puts the motion first and cuts the description at a word when it is too long', () => {
    const description = Array.from({ length: 120 }, (_, i) => `partisan${i}`).join(' ');
    const fitted = fitVideoPrompt({ description, motion: 'slow push in', tokenLimit: 226 });
    expect(fitted.estimated).toBeGreaterThan(226);
    expect(fitted.prompt.startsWith('slow push in partisan0 partisan1')).toBe(true);
    expect(estimateT5Tokens(fitted.prompt)).toBeLessThanOrEqual(226);
    expect(`${fitted.prompt} ${fitted.dropped}`).toBe(`slow push in ${description}`);
    // as much as fits: one more word would not
    const next = fitted.dropped.split(' ')[0];
    expect(estimateT5Tokens(`${fitted.prompt} ${next}`)).toBeGreaterThan(226);
  });

  it('leaves prompts alone when the encoder has no limit', () => {
    const long = 'word '.repeat(500).trim();
    expect(fitVideoPrompt({ description: long, motion: '', tokenLimit: null }).prompt).toBe(long);
  });
});
