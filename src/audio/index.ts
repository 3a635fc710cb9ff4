/** Voice-over and score: cues, the ElevenLabs client, the draft voice and score, the mix. See README.md. */
export type { AudioCue, ScoreCue, StitchedVoiceCue, VoiceCue, VoiceSettings } from './audio-cue.js';
export {
  DEFAULT_MUSIC_MODEL,
  DEFAULT_STS_MODEL,
  DEFAULT_TTS_MODEL,
  DEFAULT_VOICE_SETTINGS,
} from './audio-cue.js';
export type { AudioBackend, ProducedAudio } from './audio-backend.js';
export { AudioCache, audioKey, fileHash } from './audio-cache.js';
export type { CachedAudio, CueFailure } from './audio-cache.js';
export { draftAudioBackend, DRAFT_WORDS_PER_MINUTE } from './draft-audio-backend.js';
export type { DraftAudioBackendOptions } from './draft-audio-backend.js';
export { draftScoreJob, MIX_SAMPLE_RATE } from './draft-score-job.js';
export { speakDraft, draftVoiceFor, DRAFT_VOICE_ENGINE } from './draft-voice.js';
export {
  DEFAULT_ELEVENLABS_VOICE_ID,
  elevenLabsAudioBackend,
  musicLengthMs,
  stsModelFor,
} from './elevenlabs-audio-backend.js';
export {
  createElevenLabsClient,
  ELEVENLABS_DEFAULT_BASE_URL,
} from './elevenlabs/elevenlabs-client.js';
export type {
  ElevenLabsApi,
  ElevenLabsClientOptions,
  ElevenLabsRetryEvent,
} from './elevenlabs/elevenlabs-client.js';
export { DEFAULT_RETRY_POLICY, retryDelayMs, isRetryable } from './elevenlabs/retry-policy.js';
export type { RetryPolicy } from './elevenlabs/retry-policy.js';
export type { Alignment } from './elevenlabs/timestamps-response.js';
export { parseEbur128Summary, parseLoudnormJson } from './loudness.js';
export type { LoudnessMeasurement } from './loudness.js';
export { mixAudio, measureLoudness } from './mix-audio.js';
export type { MixedAudio } from './mix-audio.js';
export {
  BROADCAST_LOUDNESS,
  DEFAULT_DUCKING,
  LOSSY_HEADROOM_DB,
  STREAMING_LOUDNESS,
  mixGraph,
} from './mix-job.js';
export type { Ducking, LoudnessTarget, MixInput } from './mix-job.js';
export { DEFAULT_CUE_DEFAULTS, readAudioCues } from './read-audio-cues.js';
export type { AudioCues, CueDefaults, CueProblem } from './read-audio-cues.js';
export { stitchVoiceCues } from './stitch-voice-cues.js';
export { estimatedAlignment, subtitlesSrt } from './subtitles-srt.js';
export type { TimedLine } from './subtitles-srt.js';
