// Errors the plugin shows the editor when Resolve refuses something or does not answer. Codes are
// listed in docs/errors.md with the rest of libero's codes.
'use strict';

/** A refusal by Resolve's API, with a stable code and a message that says what to do. */
class ResolveActionError extends Error {
  /**
   * @param {'RESOLVE_API_UNAVAILABLE'|'RESOLVE_NO_PROJECT'|'RESOLVE_NO_TIMELINE'|'RESOLVE_NO_CLIP'|'RESOLVE_EXPORT_FAILED'|'RESOLVE_IMPORT_FAILED'|'RESOLVE_MARKER_FAILED'|'RESOLVE_TIMEOUT'} code
   * @param {string} message
   * @param {Record<string, unknown>} [details]
   */
  constructor(code, message, details = {}) {
    super(message);
    this.name = 'ResolveActionError';
    this.code = code;
    this.details = details;
  }
}

/** The error as plain JSON for the panel (same shape as the service's error JSON). */
function toPanelError(error) {
  if (error instanceof ResolveActionError || error?.name === 'ResolveActionError')
    return { code: error.code, message: error.message, hint: null, details: error.details };
  return { code: 'INTERNAL', message: String(error?.message ?? error), hint: null, details: {} };
}

module.exports = { ResolveActionError, toPanelError };
