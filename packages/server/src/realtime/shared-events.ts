/**
 * Events that go unchanged to many connections (one MESSAGE object per bus envelope) are
 * marked, so the transport can encode each of them once per fan-out instead of once per
 * recipient. The mark is a non-enumerable symbol property: it never reaches the wire.
 */
const SHARED = Symbol('message-center.sharedEvent');

/** Marks an event object as sent unchanged to many connections. */
export function markShared(event: object): void {
  Object.defineProperty(event, SHARED, { value: true, enumerable: false });
}

/** Whether `event` was marked by `markShared`. */
export function isShared(event: unknown): event is object {
  return typeof event === 'object' && event !== null && (event as { [SHARED]?: boolean })[SHARED] === true;
}
