/**
 * The with-timestamps answer, validated at the trust boundary (STYLE rule 8). The SDK has
 * already turned the wire's snake_case into camelCase.
 */
import { z } from 'zod';
import { LiberoError } from '../../shared/index.js';

/** Per-character timings of a spoken line. */
export interface Alignment {
  readonly characters: readonly string[];
  readonly characterStartTimesSeconds: readonly number[];
  readonly characterEndTimesSeconds: readonly number[];
}

const alignmentSchema = z.object({
  characters: z.array(z.string()),
  characterStartTimesSeconds: z.array(z.number()),
  characterEndTimesSeconds: z.array(z.number()),
});

const responseSchema = z.object({
  audioBase64: z.string().min(1),
  alignment: alignmentSchema.nullish(),
  normalizedAlignment: alignmentSchema.nullish(),
});

/** Decodes the audio and picks the alignment of the text as sent. */
export function parseTimestampsResponse(
  data: unknown,
  endpoint: string,
): { audio: Buffer; alignment: Alignment | null } {
  const parsed = responseSchema.safeParse(data);
  if (!parsed.success) {
    throw new LiberoError(
      'ELEVENLABS_BAD_RESPONSE',
      `ElevenLabs ${endpoint} answered without audio_base64/alignment in the documented shape: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
      { details: { endpoint }, cause: parsed.error },
    );
  }
  const alignment = parsed.data.alignment ?? parsed.data.normalizedAlignment ?? null;
  if (
    alignment !== null &&
    (alignment.characterStartTimesSeconds.length !== alignment.characters.length ||
      alignment.characterEndTimesSeconds.length !== alignment.characters.length)
  ) {
    throw new LiberoError(
      'ELEVENLABS_BAD_RESPONSE',
      `ElevenLabs ${endpoint} sent an alignment whose arrays differ in length.`,
      { details: { endpoint } },
    );
  }
  return { audio: Buffer.from(parsed.data.audioBase64, 'base64'), alignment };
}
