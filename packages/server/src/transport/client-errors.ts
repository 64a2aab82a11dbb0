import type { Duplex } from 'node:stream';
import { AppCode } from '../domain/index.js';

/** How long, and how many bytes, a refused request's remainder is read before the socket is dropped. */
export const LINGER_MS = 2_000;
export const LINGER_MAX_BYTES = 1 << 20;

const STATUS: Record<string, [number, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large'],
  HPE_URI_TOO_LONG: [414, 'URI Too Long'],
};

/**
 * Answers a request Node's HTTP parser refused (a URL or headers over `maxHeaderSize`, malformed
 * syntax) and closes the connection without resetting it.
 *
 * Node's default writes the status line and destroys the socket at once. When the client is still
 * sending (a 60 KB query string), the unread bytes make the kernel answer with a TCP reset, which
 * often reaches the client before the status: it sees "connection reset" instead of 431. Here the
 * answer is written, the write side is ended, and the rest of the request is read and discarded —
 * at most {@link LINGER_MAX_BYTES} and {@link LINGER_MS} — before the socket is destroyed.
 */
export function answerClientError(err: Error & { code?: string }, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const [status, reason] = STATUS[err.code ?? ''] ?? [400, 'Bad Request'];
  const body = JSON.stringify({ code: status, message: `${reason}: the server could not read this request`, data: { appCode: AppCode.INVALID_INPUT } });
  // The parser is done with this connection: what still arrives is discarded, not parsed.
  socket.removeAllListeners('data');
  let read = 0;
  const drop = () => socket.destroy();
  const timer = setTimeout(drop, LINGER_MS);
  timer.unref();
  socket.on('data', (chunk: Buffer) => {
    read += chunk.length;
    if (read > LINGER_MAX_BYTES) drop();
  });
  socket.once('end', drop);
  socket.once('close', () => clearTimeout(timer));
  socket.resume();
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
