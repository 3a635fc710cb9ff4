/** zod at the HTTP boundary: a request part that does not match its schema is a 400. */
import type { z } from 'zod';
import { ValidationError } from '../shared/index.js';

/** Parses one part of a request (`body`, `query`, `params`) or throws API_INVALID_REQUEST. */
export function parseRequest<T extends z.ZodType>(options: {
  schema: T;
  value: unknown;
  part: 'body' | 'query' | 'params';
}): z.infer<T> {
  const result = options.schema.safeParse(options.value ?? {});
  if (result.success) return result.data;
  const first = result.error.issues[0];
  const where =
    first === undefined || first.path.length === 0
      ? options.part
      : `${options.part}.${first.path.join('.')}`;
  throw new ValidationError(
    'API_INVALID_REQUEST',
    `invalid request ${where}: ${first?.message ?? 'does not match the API contract'}`,
    { issues: result.error.issues, details: { part: options.part, field: where } },
  );
}
