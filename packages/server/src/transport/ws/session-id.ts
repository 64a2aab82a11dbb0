import { randomUUID } from 'node:crypto';

/**
 * A fresh id for one WebSocket connection, as one flat string. `randomUUID()` assembles its
 * result from cached hex pairs into a tree of about twenty concatenated-string objects (some
 * 500 bytes); the id lives as long as the connection, in its context, presence session and
 * live stream, so at tens of thousands of connections the tree is worth flattening once.
 */
export function newSessionId(): string {
  return Buffer.from(randomUUID(), 'latin1').toString('latin1');
}
