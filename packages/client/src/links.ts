import type { Operation, OperationLink, TRPCClientError, TRPCLink } from '@trpc/client';
import { observable } from '@trpc/server/observable';
import { connectionError, toMessageCenterError } from './errors.js';
import type { MessageCenterRouter } from './router.js';

type Link = TRPCLink<MessageCenterRouter>;

/**
 * Fails a query or mutation with `CONN_001` when no answer arrives within `timeoutMs` (an
 * unreachable or stalled server would otherwise leave the promise pending forever). The clock
 * starts once `whenReady()` resolves (a token is available): a call waiting for sign-in waits.
 * Subscriptions are long-lived by nature and are not timed.
 */
export function timeoutLink(timeoutMs: number, whenReady: () => Promise<unknown>): Link {
  return () =>
    ({ op, next }) =>
      op.type === 'subscription'
        ? next(op)
        : observable((observer) => {
            let settled = false;
            let timer: ReturnType<typeof setTimeout> | undefined;
            const settle = () => {
              settled = true;
              clearTimeout(timer);
            };
            whenReady().then(
              () => {
                if (settled) return;
                timer = setTimeout(() => {
                  settled = true;
                  observer.error(connectionError(`No answer to ${op.path} within ${timeoutMs} ms; check the server URL and your network (option requestTimeoutMs).`));
                  // Cancelling the request below completes it; that must not reach the caller.
                  sub.unsubscribe();
                }, timeoutMs);
              },
              () => undefined, // closed: the request itself fails
            );
            const sub = next(op).subscribe({
              next: (v) => observer.next(v),
              error: (e) => {
                if (settled) return;
                settle();
                observer.error(e);
              },
              complete: () => {
                if (settled) return;
                settle();
                observer.complete();
              },
            });
            return () => {
              settle();
              sub.unsubscribe();
            };
          });
}

/** Gives every error an application code (`e.appCode`), and reports auth failures. */
export function errorLink(onError: (err: ReturnType<typeof toMessageCenterError>, op: Operation) => void): Link {
  return () =>
    ({ op, next }) =>
      observable((observer) =>
        next(op).subscribe({
          next: (v) => observer.next(v),
          error: (e: TRPCClientError<MessageCenterRouter>) => {
            const err = toMessageCenterError(e);
            onError(err, op);
            observer.error(err);
          },
          complete: () => observer.complete(),
        }),
      );
}

/** A link built on first use (so nothing connects before the app makes a call). */
export function deferredLink(build: () => OperationLink<MessageCenterRouter>): Link {
  return () => {
    let link: OperationLink<MessageCenterRouter> | null = null;
    return (opts) => (link ??= build())(opts);
  };
}
