/**
 * The express application of `libero serve`: the guard (Host/Origin, token), the panel page at
 * `/`, the REST routes under `/api`, and the one error handler that turns errors into JSON.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';
import type { NextFunction, Request, Response } from 'express';
import { LiberoError } from '../shared/index.js';
import {
  API_VERSION,
  ChooseTakeRequestSchema,
  MediaParamsSchema,
  MediaQuerySchema,
  RegenerateRequestSchema,
  RenderParamsSchema,
  ShotParamsSchema,
  StartRenderRequestSchema,
  tokenCookieName,
} from './api-contract.js';
import type { HealthResponse } from './api-contract.js';
import { tokenMatches } from './auth-token.js';
import { httpStatusFor, toApiError } from './error-response.js';
import { parseRequest } from './parse-request.js';
import type { ProjectEngine } from './project-engine.js';
import type { ProjectService } from './project-service.js';
import { checkOrigin, checkToken } from './request-guard.js';
import type { GuardOptions } from './request-guard.js';
import { resolveServedFile } from './served-file.js';

/** Options for {@link createApp}. */
export interface CreateAppOptions {
  readonly service: ProjectService;
  readonly engine: ProjectEngine;
  readonly guard: GuardOptions;
  readonly redact: (text: string) => string;
  readonly log: (line: string) => void;
  readonly startedAt: number;
  readonly now: () => number;
}

/** The folder of the panel page (plugin/panel), found from this module in src or dist. */
export function panelDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i += 1) {
    const candidate = join(dir, 'plugin', 'panel');
    if (existsSync(join(candidate, 'index.html'))) return candidate;
    dir = resolve(dir, '..');
  }
  throw new LiberoError(
    'FILE_NOT_FOUND',
    'the panel page (plugin/panel/index.html) is missing from this install',
  );
}

type Handler = (req: Request, res: Response) => Promise<void> | void;

/** Wraps a route so a thrown or rejected error reaches the error handler. */
function route(handler: Handler): (req: Request, res: Response, next: NextFunction) => void {
  return (req, res, next) => {
    Promise.resolve()
      .then(() => handler(req, res))
      .catch(next);
  };
}

/** Builds the app (no port is opened here). */
export function createApp(options: CreateAppOptions): express.Express {
  const { service, engine, guard } = options;
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  app.use((req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cache-Control', 'no-store');
    const refused = checkOrigin(req.headers, guard);
    if (refused !== null) return next(refused);
    // The panel URL printed by `libero serve` carries the token once; trade it for a cookie and
    // drop it from the address bar.
    const queryToken = typeof req.query['token'] === 'string' ? req.query['token'] : null;
    if (req.method === 'GET' && req.path === '/' && queryToken !== null) {
      if (!tokenMatches(queryToken, guard.token))
        return next(
          new LiberoError(
            'API_UNAUTHORIZED',
            'the token in the panel URL is not the one of this libero serve',
          ),
        );
      res.cookie(tokenCookieName(guard.port), guard.token, {
        httpOnly: true,
        sameSite: 'strict',
        path: '/',
      });
      res.redirect(303, '/');
      return;
    }
    const unauthorized = checkToken(req.headers, guard);
    if (unauthorized !== null) return next(unauthorized);
    next();
  });

  const panel = panelDir();
  app.get('/', (_req, res) => {
    res.setHeader(
      'Content-Security-Policy',
      "default-src 'self'; img-src 'self' data:; media-src 'self'; connect-src 'self'; style-src 'self'; script-src 'self'; frame-ancestors 'none'",
    );
    res.sendFile(join(panel, 'index.html'));
  });
  app.use('/panel', express.static(panel, { index: false, dotfiles: 'deny', fallthrough: false }));

  const api = express.Router();
  api.use(express.json({ limit: '64kb', strict: true }));

  api.get(
    '/health',
    route((_req, res) => {
      const body: HealthResponse = {
        ok: true,
        apiVersion: API_VERSION,
        uptimeSeconds: Math.max(0, (options.now() - options.startedAt) / 1000),
        timelineLoaded: service.loaded,
      };
      res.json(body);
    }),
  );
  api.get(
    '/project',
    route((_req, res) => {
      res.json(service.projectView());
    }),
  );
  api.get(
    '/paths',
    route((_req, res) => {
      res.json(service.pathsView());
    }),
  );
  api.get(
    '/shots/:shotId',
    route((req, res) => {
      const { shotId } = parseRequest({
        schema: ShotParamsSchema,
        value: req.params,
        part: 'params',
      });
      res.json(service.shotView(shotId));
    }),
  );
  api.post(
    '/shots/:shotId/regenerate',
    route((req, res) => {
      const { shotId } = parseRequest({
        schema: ShotParamsSchema,
        value: req.params,
        part: 'params',
      });
      const body = parseRequest({ schema: RegenerateRequestSchema, value: req.body, part: 'body' });
      res.status(202).json({ accepted: true, shot: service.regenerate(shotId, body) });
    }),
  );
  api.post(
    '/shots/:shotId/take',
    route(async (req, res) => {
      const { shotId } = parseRequest({
        schema: ShotParamsSchema,
        value: req.params,
        part: 'params',
      });
      const body = parseRequest({ schema: ChooseTakeRequestSchema, value: req.body, part: 'body' });
      res.json(await service.chooseTake(shotId, body.take));
    }),
  );
  api.get(
    '/shots/:shotId/media/:kind',
    route(async (req, res) => {
      const { shotId, kind } = parseRequest({
        schema: MediaParamsSchema,
        value: req.params,
        part: 'params',
      });
      const query = parseRequest({
        schema: MediaQuerySchema,
        value: { ...req.query },
        part: 'query',
      });
      const shot = service.engineShot(shotId);
      const takeId = query.take ?? shot.activeTake;
      const take = shot.takes.find((t) => t.id === takeId);
      const file = kind === 'still' ? take?.stillFile : take?.previewFile;
      if (take === undefined || file === null || file === undefined)
        throw new LiberoError(
          'API_NOT_FOUND',
          `shot "${shotId}" has no ${kind} for take "${takeId ?? '(none)'}"`,
          {
            details: { shotId, take: takeId, kind },
          },
        );
      const real = await resolveServedFile({ requested: file, roots: engine });
      res.sendFile(real, { dotfiles: 'allow' });
    }),
  );
  api.post(
    '/renders',
    route((req, res) => {
      parseRequest({ schema: StartRenderRequestSchema, value: req.body, part: 'body' });
      res.status(202).json(service.startRender());
    }),
  );
  api.get(
    '/renders/:renderId',
    route((req, res) => {
      const { renderId } = parseRequest({
        schema: RenderParamsSchema,
        value: req.params,
        part: 'params',
      });
      res.json(service.renderView(renderId));
    }),
  );
  api.get(
    '/files/*path',
    route(async (req, res) => {
      const parts = (req.params as { path?: string[] | string }).path;
      const requested = Array.isArray(parts) ? parts.join('/') : String(parts ?? '');
      const real = await resolveServedFile({ requested, roots: engine });
      res.sendFile(real, { dotfiles: 'allow' });
    }),
  );
  app.use('/api', api);

  app.use((req, _res, next) => {
    next(
      new LiberoError('API_NOT_FOUND', `no route ${req.method} ${req.path}`, {
        details: { method: req.method, path: req.path },
      }),
    );
  });

  // The one place errors become responses.
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const normalized = normalizeExpressError(error);
    const body = toApiError(normalized, options.redact);
    const status = httpStatusFor(body.code as Parameters<typeof httpStatusFor>[0]);
    if (status >= 500)
      options.log(
        options.redact(
          `${req.method} ${req.path} -> ${status} ${body.code}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        ),
      );
    else options.log(`${req.method} ${req.path} -> ${status} ${body.code}`);
    if (res.headersSent) return;
    res.status(status).json({ error: body });
  });
  return app;
}

/** Body-parser and static-file errors carry an HTTP status; give them our codes. */
function normalizeExpressError(error: unknown): unknown {
  if (error instanceof LiberoError) return error;
  const status =
    (error as { status?: unknown; statusCode?: unknown })?.status ??
    (error as { statusCode?: unknown })?.statusCode;
  const type = (error as { type?: unknown })?.type;
  if (type === 'entity.parse.failed')
    return new LiberoError('API_INVALID_REQUEST', 'invalid request body: not valid JSON', {
      details: { part: 'body' },
    });
  if (type === 'entity.too.large')
    return new LiberoError('API_INVALID_REQUEST', 'invalid request body: larger than 64 kB', {
      details: { part: 'body' },
    });
  if (status === 404) return new LiberoError('API_NOT_FOUND', 'no such file', {});
  if (status === 403) return new LiberoError('API_PATH_REFUSED', 'refused to serve that file', {});
  if (typeof status === 'number' && status >= 400 && status < 500)
    return new LiberoError('API_INVALID_REQUEST', `invalid request (${status})`, {});
  return error;
}
