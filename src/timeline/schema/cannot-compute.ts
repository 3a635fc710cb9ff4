/** The error for a derived value the reference refuses to compute (its ErrorStatus outcomes). */
import { LiberoError } from '../../shared/index.js';

/** TIMELINE_CANNOT_COMPUTE naming the object and the reference's outcome. */
export function cannotCompute(
  outcome: string,
  message: string,
  object: { schemaName: string; name?: string } | null,
): LiberoError {
  const on = object === null ? '' : ` (${object.schemaName} "${object.name ?? ''}")`;
  return new LiberoError('TIMELINE_CANNOT_COMPUTE', `${message}${on}`, {
    details: { outcome, schema: object?.schemaName ?? null, name: object?.name ?? null },
  });
}
