/**
 * WebSocket close codes of the real-time socket, defined once. The client SDK reconnects after
 * each of them (with a fresh token from `getToken`, and resuming from its last event id).
 */
export const CloseCode = {
  /** The token expired (`AUTH_001`): reconnect with a fresh one. */
  TOKEN_EXPIRED: 4001,
  /** The client read too slowly (its socket stayed backed up) and was dropped; it resumes on reconnect. */
  SLOW_CONSUMER: 4008,
  /** The user already holds the most WebSocket connections allowed (`MC_WS_MAX_CONNECTIONS_PER_USER`). */
  TOO_MANY_CONNECTIONS: 4029,
} as const;

/** The close code for an expired token (`AUTH_001`). */
export const CLOSE_TOKEN_EXPIRED = CloseCode.TOKEN_EXPIRED;
/** The close code for a consumer dropped for reading too slowly. */
export const CLOSE_SLOW_CONSUMER = CloseCode.SLOW_CONSUMER;
