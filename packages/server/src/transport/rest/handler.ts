import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { AppCode } from '../../domain/index.js';
import { appRouter } from '../../trpc/root.js';
import { createCallerFactory, type Context, type ContextFactory } from '../../trpc/trpc.js';
import { serveEventStream, type EventStreamOptions } from './event-stream-handler.js';
import { applyCors } from './cors.js';
import { serveDocsBundle, serveDocsPage } from './docs.js';
import { writeError, writeProcedureError, writeSuccess } from './envelope.js';
import { InputError, restInput } from './input.js';
import { openApiDocument, REST_BASE } from './openapi.js';
import { procedureInfo } from './procedures.js';
import { BodyError } from './request.js';
import { matchRoute } from './route-match.js';
import type { RestRoute } from './routes.js';

export interface RestHandlerOptions {
  /** The same context factory as tRPC over HTTP: same token checks, same principal. */
  contexts: ContextFactory;
  maxBodyBytes: number;
  /** Origins allowed to call from a browser (`*` = any); empty = no CORS headers. */
  corsOrigins: readonly string[];
  logger: Logger;
  events?: EventStreamOptions;
}

const createCaller = createCallerFactory(appRouter);
const ALL_METHODS = 'GET, POST, PUT, DELETE, OPTIONS';

/**
 * The `/api/v1` handler: REST operations (each one calls its tRPC procedure through a server-side
 * caller with the request's context), the OpenAPI document, the reference UI and the SSE stream.
 */
export function createRestHandler(opts: RestHandlerOptions): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    void handle(opts, req, res).catch((err: unknown) => {
      opts.logger.error({ err }, 'REST request failed');
      if (!res.headersSent) writeError(res, 500, AppCode.SEND_FAILED, 'Internal server error');
      else res.destroy();
    });
  };
}

async function handle(opts: RestHandlerOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const path = url.pathname.slice(REST_BASE.length) || '/';
  const method = req.method ?? 'GET';
  if (applyCors(req, res, opts.corsOrigins, ALL_METHODS)) return;

  const fixed = fixedResource(path);
  if (fixed) {
    if (method !== 'GET' && method !== 'HEAD') return writeError(res, 405, AppCode.INVALID_INPUT, `${method} is not allowed here; use GET`, {}, { allow: 'GET' });
    if (fixed === 'openapi') return writeJson(res, openApiDocument());
    if (fixed === 'docs') return serveDocsPage(res);
    if (fixed === 'bundle') return serveDocsBundle(res);
    return serveEventStream(req, res, await opts.contexts.http(req), opts.events);
  }

  const match = matchRoute(method, path);
  if (match.kind === 'none') return writeError(res, 404, AppCode.NOT_FOUND, `No operation at ${REST_BASE}${path}; see ${REST_BASE}/openapi.json`);
  if (match.kind === 'wrong-method') {
    const allow = match.allow.join(', ');
    return writeError(res, 405, AppCode.INVALID_INPUT, `${method} is not allowed on ${REST_BASE}${path}; use ${allow}`, {}, { allow });
  }
  await callProcedure(opts, req, res, url, match.route, match.params);
}

function fixedResource(path: string): 'openapi' | 'docs' | 'bundle' | 'events' | null {
  switch (path) {
    case '/openapi.json':
      return 'openapi';
    case '/docs':
    case '/docs/':
      return 'docs';
    case '/docs/standalone.js':
      return 'bundle';
    case '/events':
      return 'events';
    default:
      return null;
  }
}

async function callProcedure(opts: RestHandlerOptions, req: IncomingMessage, res: ServerResponse, url: URL, route: RestRoute, params: Record<string, string>): Promise<void> {
  const type = procedureInfo(route.procedure).type === 'mutation' ? 'mutation' : 'query';
  let input: unknown;
  try {
    input = await restInput(req, url, route, params, opts.maxBodyBytes);
  } catch (err) {
    if (err instanceof BodyError) return writeError(res, err.status, AppCode.INVALID_INPUT, err.message, err.status === 400 ? { fieldPaths: ['(input)'] } : {}, err.status === 413 ? { connection: 'close' } : {});
    if (err instanceof InputError) return writeError(res, 400, AppCode.INVALID_INPUT, err.message, { fieldPaths: err.fieldPaths });
    throw err;
  }
  let ctx: Context | undefined;
  try {
    ctx = await opts.contexts.http(req);
    const caller = createCaller(ctx, {
      onError: ({ error }) => {
        if (error.code === 'INTERNAL_SERVER_ERROR') opts.logger.error({ err: error.cause ?? error, path: route.procedure }, 'REST procedure failed');
      },
    });
    const procedure = route.procedure.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as (input: unknown) => Promise<unknown>;
    writeSuccess(res, await procedure(input));
  } catch (err) {
    writeProcedureError(res, appRouter, err, route.procedure, type, ctx);
  }
}

function writeJson(res: ServerResponse, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-cache' });
  res.end(text);
}
