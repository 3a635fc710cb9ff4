/** The "how to fix" hints, in one place, keyed by error code (STYLE rule 10). */
import type { ErrorCode } from './error-codes.js';

const HINTS: Partial<Record<ErrorCode, string>> = {
  FFMPEG_NOT_FOUND:
    'Install ffmpeg (`npm run setup` does it with apt-get) or point FFMPEG_PATH/FFPROBE_PATH at the binaries.',
  FFMPEG_MISSING_FILTER:
    "Your ffmpeg build lacks a filter libero needs; install a full build (Debian's ffmpeg package works).",
  TIMELINE_INVALID_JSON: 'Re-export the timeline from your NLE; the file is not valid JSON.',
  TIMELINE_INVALID_SCHEMA:
    'The node at the JSON path shown does not match the OpenTimelineIO schema.',
  TIMELINE_NOT_A_TIMELINE:
    'Export the whole timeline from your NLE (Resolve: File > Export > Timeline, OpenTimelineIO); a clip or track export is valid OTIO but holds no edit.',
  CONFIG_INVALID:
    'Fix the named field in libero.json; every field is optional, so you can also delete it.',
  FILE_NOT_FOUND: 'Check the path; relative paths are resolved from the current directory.',
  FILE_WRITE_FAILED:
    'Check that the folder exists, is writable and the disk is not full; the previous file was left intact.',
  USAGE: 'Run the command with --help to see its arguments and options.',
  TIMELINE_UNSUPPORTED_VERSION:
    'Use a release label libero knows (`libero cat --help`; libero.json conform.otioVersion), or re-export the timeline from an NLE that writes OpenTimelineIO 0.14 to 0.18.',
  TIMELINE_BUNDLE_INVALID:
    'Re-export the .otioz from your NLE, or export a plain .otio instead of a bundle.',
  ELEVENLABS_AUTH:
    'Set ELEVENLABS_API_KEY to a valid key (elevenlabs.io > Developers > API keys), with text-to-speech and music permissions; unset it to use the offline draft voice.',
  ELEVENLABS_QUOTA:
    'Add credits or upgrade the ElevenLabs plan; cues already made stay cached and cost nothing on the next run. Unset ELEVENLABS_API_KEY for the offline draft.',
  ELEVENLABS_REJECTED:
    'Fix the named cue (text, voice id, model, settings) in the timeline; a 404 voice means ELEVENLABS_VOICE_ID or the cue names a voice this account lacks.',
  ELEVENLABS_RATE_LIMITED:
    "Your plan's concurrency limit was hit: wait a minute and run again (finished cues are cached), or upgrade the plan.",
  ELEVENLABS_UNAVAILABLE:
    'ElevenLabs could not be reached: check the network and ELEVENLABS_BASE_URL (regional endpoints differ), then run again; cached cues are kept.',
  ELEVENLABS_BAD_RESPONSE:
    'ELEVENLABS_BASE_URL may point at something that is not the ElevenLabs API; unset it to use the default endpoint.',
  AUDIO_CUE_INVALID:
    'Fix the named field of the cue (metadata.libero.voiceover or .score on the clip, or the marker); see README "Voice-over and score".',
  DRAFT_VOICE_FAILED:
    'Set LIBERO_DRAFT_VOICE to an eSpeak-NG voice that exists (e.g. `it+m3`, `en`), or give the line a language eSpeak-NG knows.',
  API_UNAUTHORIZED:
    'Open the panel URL that `libero serve` printed (it carries the token), or send `Authorization: Bearer <token>`; the token is in the user config dir (LIBERO_CONFIG_DIR).',
  API_ORIGIN_REFUSED:
    'Open the panel at the address the service printed (http://127.0.0.1:PORT), not through another host name or page.',
  SERVER_LISTEN_FAILED:
    'The port is taken (another `libero serve`?) or the host is not an address of this machine: pick another with --port (or --port 0 for any free one), or check --host.',
  SERVER_UNREACHABLE:
    'Start the service with `libero serve TIMELINE`, or pass its address with --url (default http://127.0.0.1:7370).',
  COMFY_UNREACHABLE:
    'Check that ComfyUI runs on that host and listens on the network (`python main.py --listen 0.0.0.0 --port 8188`), and that --comfyui / LIBERO_COMFYUI_URL / libero.json comfyui.hosts has the right URL.',
  COMFY_MISSING_NODES:
    'Install what is listed on that host: node packs (ComfyUI-CogVideoXWrapper, ComfyUI-VideoHelperSuite) via ComfyUI-Manager, model files into ComfyUI/models/<folder>/; then restart ComfyUI. `libero doctor` checks every host.',
  COMFY_PROMPT_REJECTED:
    "The host refused the workflow: update the named node pack, or fix the template's manifest binding for the named input.",
  COMFY_EXECUTION_FAILED:
    'See the node and exception named; for CUDA out of memory, free the GPU (other prompts, --lowvram) or lower the still size in libero.json; run again to retry.',
  COMFY_DISCONNECTED:
    'The host restarted or dropped the connection; run again: finished stages are cached and the shot resumes from its first missing stage.',
  COMFY_TIMEOUT:
    'The host was too slow or hung: check it, or raise libero.json comfyui.timeouts (seconds per stage; stall for no progress).',
  COMFY_NO_HOST:
    'Every host is unreachable or lacks what the templates need: run `libero doctor` to see each host, or unset LIBERO_COMFYUI_URL to use the draft generator.',
  COMFY_TEMPLATE_INVALID:
    "Fix the named template or manifest field in templates/comfyui/ (or the project folder's templates/comfyui/).",
  STATE_STORE_FAILED:
    'Check that .libero/ beside the timeline is writable; a state.db from a newer libero needs that version (or move .libero/ aside to start fresh; the cache stays usable).',
  LOOK_REFERENCE_INVALID:
    'Set libero.json look.reference to "median", a shot id of the scene, or an existing still image path.',
  PROJECT_TEMPLATE_UNKNOWN: 'Run `libero init --list` to see the starter projects.',
  RESOLVE_API_UNAVAILABLE:
    'The plugin needs DaVinci Resolve Studio 18.6.5+ with external scripting enabled (Preferences > System > General); in the free edition, export and import the OTIO files by hand.',
  RESOLVE_NO_PROJECT: 'Open a project in DaVinci Resolve, then press the button again.',
  RESOLVE_NO_TIMELINE: 'Open the timeline to send in DaVinci Resolve, then press the button again.',
  RESOLVE_NO_CLIP: 'Move the playhead onto the shot on the video track, then press Regen again.',
  RESOLVE_TIMEOUT:
    'Close the dialog open in DaVinci Resolve (or wait until it finishes what it is doing), then press the button again.',
};

/** A one-line hint for the user, or null when there is nothing useful to add. */
export function fixHint(code: ErrorCode): string | null {
  return HINTS[code] ?? null;
}
