/** What to do after a stage failed on a host: a pure function of the error. */
import { isLiberoError } from '../../shared/index.js';

/**
 * - `other-host`: the host is the problem (gone, hung, restarted, out of memory): try the
 *   stage elsewhere and check the host before giving it more work;
 * - `lacks`: the host lacks nodes or models for this template: try a host that has them;
 * - `fail`: the stage itself is wrong (refused workflow, bad template, cancelled): stop.
 */
export type RetryDecision = 'other-host' | 'lacks' | 'fail';

/** Classifies a stage failure. */
export function retryPolicy(error: unknown): RetryDecision {
  if (!isLiberoError(error)) return 'fail';
  switch (error.code) {
    case 'COMFY_UNREACHABLE':
    case 'COMFY_DISCONNECTED':
    case 'COMFY_TIMEOUT':
    case 'COMFY_BAD_RESPONSE':
      return 'other-host';
    case 'COMFY_EXECUTION_FAILED':
      return error.details['retryable'] === true ? 'other-host' : 'fail';
    case 'COMFY_MISSING_NODES':
      return 'lacks';
    default:
      return 'fail';
  }
}

/** True when the failure says the host itself is unwell (stop sending it work until it answers). */
export function hostSuspect(error: unknown): boolean {
  return (
    isLiberoError(error) &&
    (error.code === 'COMFY_UNREACHABLE' ||
      error.code === 'COMFY_DISCONNECTED' ||
      (error.code === 'COMFY_TIMEOUT' && error.details['hung'] === true))
  );
}
