import type { IncomingMessage } from 'node:http';
import { initTRPC, TRPCError, type TRPCDefaultErrorShape } from '@trpc/server';
import { ZodError } from 'zod';
import { AppCode, AppError, hasRole, type Principal, type Role } from '../domain/index.js';
import type { Services } from '../services/index.js';
import type { LiveEvents } from '../ports/live-events.js';
import { wireTransformer } from './wire-transformer.js';
import { describeValidationIssues, fieldIssues, type FieldIssue } from '../domain/validation-message.js';

/** Per-request (HTTP) or per-connection (WebSocket) context. */
export interface Context {
  services: Services;
  /** Live streams (`realtime.events`, `stats.live`), served by the real-time layer. */
  live: LiveEvents;
  /** The verified caller; null when no valid token came with the request. */
  principal: Principal | null;
  /** Why authentication failed, when a token was present but rejected. */
  authError: AppError | null;
  /** Id of the WebSocket connection, null over HTTP. */
  sessionId: string | null;
}

/** Builds contexts: per HTTP request, and once per WebSocket connection. */
export interface ContextFactory {
  http(req: IncomingMessage): Promise<Context>;
  ws(connectionParams: Record<string, string | undefined> | null | undefined, sessionId: string): Promise<Context>;
}

/** Fields the error formatter adds to `error.data`. */
export interface AppErrorData {
  appCode: AppCode;
  fieldPaths?: string[];
  /** Per field of a refused input: its path, a readable sentence and zod's issue code. */
  issues?: FieldIssue[];
  retryAfterMs?: number;
  details?: Record<string, unknown>;
}

/**
 * The error formatter: adds the application code (and field paths, `retryAfterMs`, details) to
 * `error.data`, writes validation errors as one sentence per field, and never leaks internals.
 * Exported so a transport that writes frames itself shapes errors exactly as tRPC's own
 * adapters do.
 */
export function formatError({ shape, error }: { shape: TRPCDefaultErrorShape; error: TRPCError }) {
  const app = appErrorOf(error);
  const data: AppErrorData = { appCode: app.appCode };
  const { fieldPaths, retryAfterMs, ...rest } = app.details;
  if (fieldPaths) data.fieldPaths = fieldPaths;
  if (typeof retryAfterMs === 'number') data.retryAfterMs = retryAfterMs;
  if (Object.keys(rest).length) data.details = rest;
  // zod's own message is its issue list as JSON; people read one sentence per field instead.
  const zodIssues = error.cause instanceof ZodError ? error.cause.issues : null;
  if (zodIssues) data.issues = fieldIssues(zodIssues);
  // Never leak internals (stack, driver messages) to callers.
  const message = zodIssues
    ? describeValidationIssues(zodIssues)
    : error.code === 'INTERNAL_SERVER_ERROR' && !(error.cause instanceof AppError)
      ? 'Internal server error'
      : shape.message;
  const { stack: _stack, ...safeData } = shape.data;
  return { ...shape, message, data: { ...safeData, ...data } };
}

/** The wire transformer of every transport: superjson's format both ways (see `wire-transformer.ts`). */
export { wireTransformer };

const t = initTRPC.context<Context>().create({ transformer: wireTransformer, errorFormatter: formatError });

/** Maps any error reaching the formatter onto an application code and details. */
function appErrorOf(error: TRPCError): AppError {
  const cause = error.cause;
  if (cause instanceof AppError) return cause;
  if (cause instanceof ZodError) {
    const fieldPaths = [...new Set(cause.issues.map((i) => i.path.map(String).join('.') || '(input)'))];
    return new AppError(AppCode.INVALID_INPUT, error.message, { fieldPaths });
  }
  switch (error.code) {
    case 'UNAUTHORIZED':
      return new AppError(AppCode.AUTH_FAILED, error.message);
    case 'FORBIDDEN':
      return new AppError(AppCode.PERMISSION_DENIED, error.message);
    case 'NOT_FOUND':
      return new AppError(AppCode.NOT_FOUND, error.message);
    case 'TOO_MANY_REQUESTS':
      return new AppError(AppCode.RATE_LIMITED, error.message);
    case 'TIMEOUT':
      return new AppError(AppCode.CONNECTION_TIMEOUT, error.message);
    case 'BAD_REQUEST':
    case 'PARSE_ERROR':
    case 'PAYLOAD_TOO_LARGE':
    case 'UNSUPPORTED_MEDIA_TYPE':
    case 'METHOD_NOT_SUPPORTED':
      return new AppError(AppCode.INVALID_INPUT, error.message, { fieldPaths: [] });
    case 'SERVICE_UNAVAILABLE':
      return new AppError(AppCode.UNAVAILABLE, error.message);
    default:
      return new AppError(AppCode.SEND_FAILED, error.message);
  }
}

/**
 * Turns thrown AppErrors into tRPC errors with the matching code, keeping the AppError as cause;
 * logs unexpected failures and reports the outcome to telemetry.
 */
function settle<R extends { ok: boolean; error?: unknown }>(result: R, ctx: Context, path: string, type: string): R {
  ctx.services.deps.telemetry?.procedureCompleted(path, type, result.ok);
  if (!result.ok && result.error instanceof TRPCError) {
    const cause = result.error.cause;
    if (cause instanceof AppError && result.error.code === 'INTERNAL_SERVER_ERROR') {
      result.error = new TRPCError({ code: cause.trpcCode, message: cause.message, cause });
    } else if (result.error.code === 'INTERNAL_SERVER_ERROR') {
      ctx.services.deps.logger.error({ err: result.error.cause ?? result.error, path, type }, 'procedure failed');
    }
  }
  return result;
}

const mapAppErrors = t.middleware(async ({ next, ctx, path, type }) => settle(await next(), ctx, path, type));

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** No authentication (health-like procedures only). */
export const publicProcedure = t.procedure.use(mapAppErrors);

/**
 * The role check and the error mapping in one middleware: every middleware level costs tRPC a
 * context merge and a promise per call.
 */
function requireRole(role: Role) {
  return t.procedure.use(async ({ ctx, next, path, type }) => {
    if (!ctx.principal) {
      ctx.services.deps.telemetry?.procedureCompleted(path, type, false);
      throw new TRPCError({ code: 'UNAUTHORIZED', message: ctx.authError?.message ?? 'A bearer token is required', cause: ctx.authError ?? new AppError(AppCode.AUTH_FAILED, 'A bearer token is required') });
    }
    if (!hasRole(ctx.principal, role)) {
      ctx.services.deps.telemetry?.procedureCompleted(path, type, false);
      const cause = new AppError(AppCode.PERMISSION_DENIED, `This needs the ${role} role`);
      throw new TRPCError({ code: 'FORBIDDEN', message: cause.message, cause });
    }
    return settle(await next({ ctx: { principal: ctx.principal } }), ctx, path, type);
  });
}

/** Any signed-in user: reads their own inbox. */
export const userProcedure = requireRole('user');
/** Business systems that send. */
export const senderProcedure = requireRole('sender');
/** Every successful admin or platform mutation goes to the operation log (seed §7.4.2). */
const audited = t.middleware(async ({ ctx, type, path, getRawInput, next }) => {
  const result = await next();
  if (type === 'mutation' && result.ok && ctx.principal) {
    await ctx.services.audit.record(ctx.principal, path, await getRawInput().catch(() => undefined), result.data);
  }
  return result;
});

/** Org admins: templates, groups, broadcasts, statistics. Mutations are audited. */
export const adminProcedure = requireRole('admin').use(audited);
export { appErrorOf };
