export { LiberoError, ValidationError, isLiberoError, hasCode } from './libero-error.js';
export type { ErrorDetails, LiberoErrorOptions } from './libero-error.js';
export { ERROR_CODES } from './error-codes.js';
export type { ErrorCode } from './error-codes.js';
export { fixHint } from './fix-hint.js';
export { writeFileAtomic } from './write-file-atomic.js';
export { canonicalJson, contentKey } from './content-key.js';
