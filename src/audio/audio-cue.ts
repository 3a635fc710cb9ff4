/**
 * Voice-over lines and score cues as plain data: what the timeline asks for, with the
 * production's defaults filled in (../shared/PIPELINE.md step 5).
 */

/** ElevenLabs voice settings, 0..1 sliders as the vendor's UI shows them in percent. */
export interface VoiceSettings {
  readonly stability: number;
  readonly similarityBoost: number;
  readonly style: number;
  /** null: the voice's stored setting. */
  readonly useSpeakerBoost: boolean | null;
  /** 0.7..1.2; null: the vendor's default (1.0). */
  readonly speed: number | null;
}

/** The production's settings: stability 30%, similarity 40%, style exaggeration 50%. */
export const DEFAULT_VOICE_SETTINGS: VoiceSettings = {
  stability: 0.3,
  similarityBoost: 0.4,
  style: 0.5,
  useSpeakerBoost: null,
  speed: null,
};

/** Text-to-speech model of the production: Eleven Multilingual v2. */
export const DEFAULT_TTS_MODEL = 'eleven_multilingual_v2';

/** The speech-to-speech twin of Eleven Multilingual v2 (`eleven_english_sts_v2` is English only). */
export const DEFAULT_STS_MODEL = 'eleven_multilingual_sts_v2';

/** ElevenLabs music model used for score cues. */
export const DEFAULT_MUSIC_MODEL = 'music_v1';

/** One voice-over line at its place on the timeline. */
export interface VoiceCue {
  readonly kind: 'voice';
  /** Stable id of the cue: the clip's `metadata.libero.cue_id`, else its name. */
  readonly id: string;
  /** Where the cue came from, for messages ("clip 'VO 1' on track 'A1'"). */
  readonly source: string;
  readonly text: string;
  /** Vendor voice id; null means the configured default voice. */
  readonly voice: string | null;
  /** TTS model id (with a scratch recording the STS twin is used). */
  readonly model: string;
  readonly settings: VoiceSettings;
  /** Absolute path of a scratch read to convert with speech-to-speech, or null. */
  readonly scratch: string | null;
  /** ISO 639-1 language of the line, for the draft voice ("it"). */
  readonly language: string;
  /** Start on the timeline, seconds. */
  readonly start: number;
  /** Length of the clip on the timeline, seconds (the line may be shorter or longer). */
  readonly duration: number;
}

/** One score cue: music of exactly the clip's length. */
export interface ScoreCue {
  readonly kind: 'score';
  readonly id: string;
  readonly source: string;
  readonly prompt: string;
  /** Ask the vendor for an instrumental (true unless the cue says otherwise). */
  readonly instrumental: boolean;
  readonly start: number;
  readonly duration: number;
}

/** Any audio cue. */
export type AudioCue = VoiceCue | ScoreCue;

/** A voice cue with the text of its neighbours (same voice and model) for request stitching. */
export interface StitchedVoiceCue extends VoiceCue {
  readonly previousText: string | null;
  readonly nextText: string | null;
}
