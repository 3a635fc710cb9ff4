/** The one client call `libero status` makes: `GET /api/project` with the token. */
import { LiberoError } from '../shared/index.js';
import { ErrorResponseSchema } from './api-contract.js';

/** Fetches the project JSON of a running service (unvalidated; the caller parses it). */
export async function fetchProject(options: { url: string; token: string }): Promise<unknown> {
  const url = new URL('/api/project', options.url);
  let res: Response;
  try {
    res = await fetch(url, { headers: { Authorization: `Bearer ${options.token}` } });
  } catch (error) {
    throw new LiberoError(
      'SERVER_UNREACHABLE',
      `no libero serve answers at ${url.origin} (is it running?)`,
      {
        details: { url: url.origin },
        cause: error,
      },
    );
  }
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const parsed = ErrorResponseSchema.safeParse(body);
    const code = parsed.success ? parsed.data.error.code : 'INTERNAL';
    const message = parsed.success ? parsed.data.error.message : `HTTP ${res.status}`;
    throw new LiberoError(
      code === 'API_UNAUTHORIZED' ? 'API_UNAUTHORIZED' : 'INTERNAL',
      `libero serve at ${url.origin} answered ${res.status}: ${message}`,
      {
        details: { url: url.origin, status: res.status, code },
      },
    );
  }
  return body;
}
