/**
 * WebSocket close codes of the real-time socket, defined once. The client SDK reconnects after
 * each of them (with a fresh token from `getToken`, and resuming from its last event id).
 */
export const CloseCode = {
  /** The token expired (`AUTH_001`): reconnect with a fresh one. */
  TOKEN_EXPIRED: 4001,
  /** The client read too slowly (its socket stayed backed up) and was dropped; it resumes on reconnect. */
  SLOW_CONSUMER: 4008,
  /**
   * A frame carried far more operations than `MC_WS_MAX_BATCH` allows (see
   * `PER_OPERATION_REFUSAL_FACTOR`): it got one `FORMAT_001` error (id null) instead of one per
   * operation, and the socket is closed. 4013 follows HTTP 413 (Content Too Large) the way 4001
   * and 4029 follow 401 and 429. Not 1009 (Message Too Big): `ws` already closes with 1009 when a
   * frame passes `MC_MAX_BODY_BYTES`, and a client should be able to tell too many bytes from too
   * many operations. Not 1008 (Policy Violation): it would not say which policy was broken.
   */
  TOO_MANY_OPERATIONS: 4013,
  /** The user already holds the most WebSocket connections allowed (`MC_WS_MAX_CONNECTIONS_PER_USER`). */
  TOO_MANY_CONNECTIONS: 4029,
} as const;

/** The close code for an expired token (`AUTH_001`). */
export const CLOSE_TOKEN_EXPIRED = CloseCode.TOKEN_EXPIRED;
/** The close code for a consumer dropped for reading too slowly. */
export const CLOSE_SLOW_CONSUMER = CloseCode.SLOW_CONSUMER;
