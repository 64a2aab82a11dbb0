/**
 * Application error codes (SPEC §4). They travel in `error.data.appCode` beside tRPC's own code.
 */
export const AppCode = {
  AUTH_FAILED: 'AUTH_001',
  PERMISSION_DENIED: 'AUTH_002',
  SEND_FAILED: 'MSG_001',
  NOT_FOUND: 'MSG_002',
  RATE_LIMITED: 'RATE_001',
  CONNECTION_TIMEOUT: 'CONN_001',
  INVALID_INPUT: 'FORMAT_001',
  UNAVAILABLE: 'SYS_001',
} as const;
export type AppCode = (typeof AppCode)[keyof typeof AppCode];

/** The tRPC error codes (and so HTTP statuses) app errors travel with. */
export type AppTrpcCode =
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'INTERNAL_SERVER_ERROR'
  | 'NOT_FOUND'
  | 'TOO_MANY_REQUESTS'
  | 'TIMEOUT'
  | 'BAD_REQUEST'
  | 'SERVICE_UNAVAILABLE'
  | 'UNPROCESSABLE_CONTENT';

/** The tRPC error code each app code maps to by default. */
export const TRPC_CODE_OF: Record<AppCode, AppTrpcCode> = {
  AUTH_001: 'UNAUTHORIZED',
  AUTH_002: 'FORBIDDEN',
  MSG_001: 'INTERNAL_SERVER_ERROR',
  MSG_002: 'NOT_FOUND',
  RATE_001: 'TOO_MANY_REQUESTS',
  CONN_001: 'TIMEOUT',
  FORMAT_001: 'BAD_REQUEST',
  SYS_001: 'SERVICE_UNAVAILABLE',
};

/** Extra, machine-readable facts an error may carry to the caller. */
export interface AppErrorDetails {
  /** Failing input paths for FORMAT_001, e.g. `["receiverId", "metadata.actionUrl"]`. */
  fieldPaths?: string[];
  /** For RATE_001: milliseconds until a retry can succeed. */
  retryAfterMs?: number;
  /** Template diagnostics and similar structured detail. */
  [key: string]: unknown;
}

/**
 * A failure with an application code and a message a person can act on. Services throw these;
 * the tRPC layer maps them onto tRPC errors without losing the code.
 */
export class AppError extends Error {
  readonly appCode: AppCode;
  readonly details: AppErrorDetails;
  /** The tRPC code (HTTP status) it travels with: the app code's default unless a case needs another. */
  readonly trpcCode: AppTrpcCode;

  constructor(appCode: AppCode, message: string, details: AppErrorDetails = {}, trpcCode: AppTrpcCode = TRPC_CODE_OF[appCode]) {
    super(message);
    this.name = 'AppError';
    this.appCode = appCode;
    this.details = details;
    this.trpcCode = trpcCode;
  }
}

/** Shorthand constructors so call sites read as what went wrong. */
export const notFound = (what: string): AppError =>
  new AppError(AppCode.NOT_FOUND, `${what} was not found`);
export const forbidden = (why: string): AppError => new AppError(AppCode.PERMISSION_DENIED, why);
/**
 * MSG_001 for a send the server refuses on purpose (e.g. a receiver the organization does not
 * know): 422, not 500, so that HTTP clients do not retry what can never succeed.
 */
export const sendRefused = (message: string, fieldPaths: string[] = []): AppError =>
  new AppError(AppCode.SEND_FAILED, message, { fieldPaths }, 'UNPROCESSABLE_CONTENT');
export const invalidInput = (message: string, fieldPaths: string[] = []): AppError =>
  new AppError(AppCode.INVALID_INPUT, message, { fieldPaths });
