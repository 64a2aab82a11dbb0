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

/** The tRPC error code each app code maps to. */
export const TRPC_CODE_OF: Record<
  AppCode,
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'INTERNAL_SERVER_ERROR'
  | 'NOT_FOUND'
  | 'TOO_MANY_REQUESTS'
  | 'TIMEOUT'
  | 'BAD_REQUEST'
  | 'SERVICE_UNAVAILABLE'
> = {
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

  constructor(appCode: AppCode, message: string, details: AppErrorDetails = {}) {
    super(message);
    this.name = 'AppError';
    this.appCode = appCode;
    this.details = details;
  }
}

/** Shorthand constructors so call sites read as what went wrong. */
export const notFound = (what: string): AppError =>
  new AppError(AppCode.NOT_FOUND, `${what} was not found`);
export const forbidden = (why: string): AppError => new AppError(AppCode.PERMISSION_DENIED, why);
export const invalidInput = (message: string, fieldPaths: string[] = []): AppError =>
  new AppError(AppCode.INVALID_INPUT, message, { fieldPaths });
