import type { ServerResponse } from 'node:http';
import { TRPCError } from '@trpc/server';
// getErrorShape runs the router's own error formatter; tRPC exports it only from this entry point.
import { getErrorShape, type AnyRouter } from '@trpc/server/unstable-core-do-not-import';
import { AppCode } from '../../domain/index.js';
import type { Context } from '../../trpc/trpc.js';

/** `{code, message, data}` (seed §6.1). */
export interface Envelope {
  code: number;
  message: string;
  data: unknown;
}

/** Error `data`: the same fields tRPC's error formatter puts in `error.data`. */
export interface RestErrorData {
  appCode: string;
  fieldPaths?: string[];
  /** FORMAT_001: per field, its path, a readable sentence and zod's issue code. */
  issues?: { path: string; message: string; code: string }[];
  retryAfterMs?: number;
  details?: Record<string, unknown>;
}

/** Writes a JSON envelope with `status` and any extra headers. */
export function writeEnvelope(res: ServerResponse, status: number, body: Envelope, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** Writes the success envelope. */
export const writeSuccess = (res: ServerResponse, data: unknown): void => writeEnvelope(res, 200, { code: 200, message: 'success', data: data ?? null });

/** Writes an error the REST layer raises itself (before reaching a procedure). */
export function writeError(res: ServerResponse, status: number, appCode: string, message: string, extra: Omit<RestErrorData, 'appCode'> = {}, headers: Record<string, string> = {}): void {
  writeEnvelope(res, status, { code: status, message, data: { appCode, ...extra } }, headers);
}

/**
 * Writes a procedure's error exactly as tRPC would shape it (same formatter: app code, field
 * paths, no internals), with its HTTP status, plus `Retry-After` / `RateLimit-*` on RATE_001.
 */
export function writeProcedureError(res: ServerResponse, router: AnyRouter, cause: unknown, path: string, type: 'query' | 'mutation', ctx: Context | undefined): void {
  const error = cause instanceof TRPCError ? cause : new TRPCError({ code: 'INTERNAL_SERVER_ERROR', cause });
  const shape = getErrorShape({ config: router._def._config, error, type, path, input: undefined, ctx }) as { message: string; data: RestErrorData & { httpStatus: number } };
  const { appCode, fieldPaths, issues, retryAfterMs, details, httpStatus } = shape.data;
  const data: RestErrorData = { appCode };
  if (fieldPaths) data.fieldPaths = fieldPaths;
  if (issues) data.issues = issues;
  if (retryAfterMs !== undefined) data.retryAfterMs = retryAfterMs;
  if (details) data.details = details;
  const headers: Record<string, string> = {};
  if (appCode === AppCode.RATE_LIMITED) {
    const seconds = String(Math.max(1, Math.ceil((retryAfterMs ?? 1000) / 1000)));
    headers['retry-after'] = seconds;
    headers['ratelimit-remaining'] = '0';
    headers['ratelimit-reset'] = seconds;
    const limit = /limit of (\d+)\//.exec(shape.message)?.[1];
    if (limit) headers['ratelimit-limit'] = limit;
  }
  writeEnvelope(res, httpStatus, { code: httpStatus, message: shape.message, data }, headers);
}
