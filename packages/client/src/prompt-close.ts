import type { WebSocketConstructor } from './connection.js';

/**
 * Wraps a WebSocket class so that `close()` ends the socket within `graceMs` even when the peer
 * never answers the closing handshake. Keep-alive closes a socket whose server stopped answering
 * (a half-open connection); without this, `ws` waits 30 s for the handshake before reporting the
 * close, and the client would sit in `connected` that long.
 */
export function withPromptClose(Base: WebSocketConstructor, graceMs: number): WebSocketConstructor {
  return class PromptCloseWebSocket extends Base {
    override close(code?: number, reason?: string): void {
      super.close(code, reason);
      const timer = setTimeout(() => {
        if (this.readyState === 3 /* CLOSED */) return;
        const socket = this as { terminate?: () => void; dispatchEvent?: (event: Event) => boolean };
        // `ws` (Node) can drop the TCP connection at once; elsewhere report the close ourselves.
        if (typeof socket.terminate === 'function') socket.terminate();
        else socket.dispatchEvent?.(new Event('close'));
      }, graceMs);
      this.addEventListener('close', () => clearTimeout(timer), { once: true });
    }
  };
}
