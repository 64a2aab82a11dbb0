import { TRPCClientError } from '@trpc/client';
import type { AppCode, MessageCenterRouter } from './router.js';

/** Every application code, as a runtime list (the `AppCode` type is its union). */
export const APP_CODES: readonly AppCode[] = ['AUTH_001', 'AUTH_002', 'CONN_001', 'FORMAT_001', 'MSG_001', 'MSG_002', 'RATE_001', 'SYS_001'];

/**
 * An error of a Message Center call: tRPC's client error plus the server's application code
 * (`AUTH_001` authentication failed, `FORMAT_001` invalid input, `RATE_001` rate limited,
 * `CONN_001` the server did not answer in time or could not be reached, …).
 */
export type MessageCenterError = TRPCClientError<MessageCenterRouter> & {
  /** The application code; `CONN_001` for timeouts and connection failures the client detects. */
  readonly appCode: AppCode;
  /** For `FORMAT_001`: the input fields that failed validation (`['size']`, `['items.0.title']`). */
  readonly fieldPaths: readonly string[];
  /** For `RATE_001`: how long to wait before trying again, in milliseconds; otherwise null. */
  readonly retryAfterMs: number | null;
};

const isAppCode = (v: unknown): v is AppCode => typeof v === 'string' && (APP_CODES as readonly string[]).includes(v);

function decorate(err: TRPCClientError<MessageCenterRouter>, appCode: AppCode): MessageCenterError {
  const data = err.data;
  Object.defineProperties(err, {
    appCode: { value: appCode, enumerable: true },
    fieldPaths: { value: Object.freeze([...(data?.fieldPaths ?? [])]), enumerable: true },
    retryAfterMs: { value: typeof data?.retryAfterMs === 'number' ? data.retryAfterMs : null, enumerable: true },
  });
  return err as MessageCenterError;
}

/**
 * Whether `e` is an error of a Message Center call; narrows it so `e.appCode`, `e.fieldPaths`
 * and `e.retryAfterMs` are typed. Works on any error the client throws or passes to a listener.
 */
export function isMessageCenterError(e: unknown): e is MessageCenterError {
  if (!(e instanceof Error)) return false;
  if (isAppCode((e as { appCode?: unknown }).appCode)) return true;
  if (!(e instanceof TRPCClientError)) return false;
  const code = (e as TRPCClientError<MessageCenterRouter>).data?.appCode;
  if (!isAppCode(code)) return false;
  decorate(e as TRPCClientError<MessageCenterRouter>, code);
  return true;
}

/** Gives any error reaching the app an application code (server errors keep theirs). */
export function toMessageCenterError(cause: unknown): MessageCenterError {
  if (isMessageCenterError(cause)) return cause;
  const err = TRPCClientError.from<MessageCenterRouter>(cause instanceof Error ? cause : new Error(String(cause)));
  return isMessageCenterError(err) ? err : decorate(err, 'CONN_001');
}

/** A client-side `CONN_001` error (timeout, unreachable server) with a message a person can act on. */
export function connectionError(message: string, cause?: unknown): MessageCenterError {
  return decorate(new TRPCClientError<MessageCenterRouter>(message, { cause: cause instanceof Error ? cause : undefined }), 'CONN_001');
}
