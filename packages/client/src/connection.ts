import { createWSClient } from '@trpc/client';
import { jitteredBackoff, type BackoffOptions } from './backoff.js';
import { connectionError, toMessageCenterError, type MessageCenterError } from './errors.js';
import { UrlRotation } from './failover.js';
import { withPromptClose } from './prompt-close.js';

/** What the client needs of a WebSocket; the browser's, Node 22+'s global and `ws`'s all fit. */
export interface WebSocketLike {
  readonly readyState: number;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'close', listener: () => void, options?: { once?: boolean }): void;
}

/** A WebSocket class: the browser's (or Node 22+'s global), or the `ws` package's default export. */
export type WebSocketConstructor = new (url: string, protocols?: string | string[]) => WebSocketLike;

/** Where an access token comes from; `null` means "nobody is signed in yet": the client waits. */
export type TokenSource = () => string | null | Promise<string | null>;

/**
 * Connection state of the client:
 * - `idle`: nothing opened yet (the client connects on first use or `connect()`), or signed out;
 * - `waiting-for-token`: a call or the live stream needs the server, but there is no token yet;
 * - `connecting`: opening or re-opening the socket (`error` says why the last one was lost);
 * - `connected`: the socket is open and the token was accepted;
 * - `unauthorized`: the server refused the token (`AUTH_001`); `setToken()` or `reconnect()` recovers;
 * - `closed`: `close()` was called.
 */
export type ConnectionState =
  | { state: 'idle' }
  | { state: 'waiting-for-token' }
  | { state: 'connecting'; error: MessageCenterError | null }
  | { state: 'connected' }
  | { state: 'unauthorized'; error: MessageCenterError }
  | { state: 'closed' };

/** Keep-alive: a ping after `intervalMs` of silence; no pong within `pongTimeoutMs` drops the socket. */
export interface KeepAliveOptions {
  /** Default 10 000 ms. */
  intervalMs?: number;
  /** Default 4 000 ms (kept ≤ `intervalMs`, so a dead socket is noticed within two intervals). */
  pongTimeoutMs?: number;
}

export type WsClient = ReturnType<typeof createWSClient>;

export interface ConnectionOptions {
  urls: string[];
  WebSocket: WebSocketConstructor;
  getToken: TokenSource;
  backoff?: BackoffOptions;
  keepAlive: KeepAliveOptions | false;
}

/**
 * Owns the WebSocket: opens it on first use once a token is available, follows its state, and
 * replaces it on sign-in, user switch and explicit reconnects.
 */
export class Connection {
  private ws: WsClient | null = null;
  private opening: Promise<WsClient> | null = null;
  private tokenSource: TokenSource;
  private tokenWaiters: (() => void)[] = [];
  private current: ConnectionState = { state: 'idle' };
  private readonly listeners = new Set<(s: ConnectionState) => void>();
  private readonly rotation: UrlRotation;
  private isClosed = false;
  /** Bumped whenever the socket is replaced, so events of an old socket are ignored. */
  private generation = 0;

  constructor(private readonly opts: ConnectionOptions) {
    this.tokenSource = opts.getToken;
    this.rotation = new UrlRotation(opts.urls);
  }

  get state(): ConnectionState {
    return this.current;
  }

  subscribe(listener: (s: ConnectionState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A token, waiting (state `waiting-for-token`) until one is set when there is none. */
  async token(): Promise<string> {
    for (;;) {
      if (this.isClosed) throw connectionError('The Message Center client is closed.');
      const token = await this.tokenSource();
      if (token) return token;
      if (this.current.state !== 'unauthorized') this.setState({ state: 'waiting-for-token' });
      await new Promise<void>((resolve) => this.tokenWaiters.push(resolve));
    }
  }

  /** The open (or opening) socket client; created on first call. */
  ready(): Promise<WsClient> {
    if (this.ws) return Promise.resolve(this.ws);
    return (this.opening ??= this.open());
  }

  /** Uses `source` for tokens from now on and wakes everything waiting for one. */
  setTokenSource(source: TokenSource): void {
    this.tokenSource = source;
    const waiters = this.tokenWaiters;
    this.tokenWaiters = [];
    for (const wake of waiters) wake();
  }

  /** Closes the current socket (if any); the next use opens a new one. */
  async drop(next: ConnectionState = { state: 'idle' }): Promise<void> {
    const ws = this.ws;
    this.ws = null;
    this.opening = null;
    this.generation += 1;
    this.setState(next);
    await ws?.close();
  }

  /** Marks the session unauthorized (the server refused the token) until a new token or reconnect. */
  unauthorized(error: MessageCenterError): void {
    if (!this.isClosed) this.setState({ state: 'unauthorized', error });
  }

  async close(): Promise<void> {
    this.isClosed = true;
    this.setTokenSource(() => null);
    await this.drop({ state: 'closed' });
  }

  private async open(): Promise<WsClient> {
    const generation = this.generation;
    await this.token();
    if (generation !== this.generation) return this.ready();
    this.setState({ state: 'connecting', error: null });
    const keepAlive = this.opts.keepAlive;
    const intervalMs = keepAlive ? (keepAlive.intervalMs ?? 10_000) : 0;
    const pongTimeoutMs = keepAlive ? Math.min(keepAlive.pongTimeoutMs ?? 4_000, intervalMs) : 0;
    const WebSocketImpl = keepAlive ? withPromptClose(this.opts.WebSocket, Math.min(1_000, pongTimeoutMs / 2)) : this.opts.WebSocket;
    const ws = createWSClient({
      url: () => this.rotation.current(),
      WebSocket: WebSocketImpl as unknown as typeof WebSocket,
      connectionParams: async () => ({ token: await this.token() }),
      retryDelayMs: (attempt) => jitteredBackoff(attempt, this.opts.backoff),
      onOpen: () => this.rotation.opened(),
      onClose: () => this.rotation.closed(),
      keepAlive: keepAlive ? { enabled: true, intervalMs, pongTimeoutMs } : { enabled: false },
    });
    ws.connectionState.subscribe({
      next: (s) => {
        if (generation !== this.generation || this.isClosed) return;
        // A refused token keeps the socket open; the session stays `unauthorized` until fixed.
        if (this.current.state === 'unauthorized') return;
        if (s.state === 'pending') this.setState({ state: 'connected' });
        else if (s.state === 'connecting') this.setState({ state: 'connecting', error: s.error ? toMessageCenterError(s.error) : null });
      },
    });
    this.ws = ws;
    return ws;
  }

  private setState(next: ConnectionState): void {
    if (this.current === next) return;
    if (next.state === this.current.state && next.state !== 'connecting' && next.state !== 'unauthorized') return;
    this.current = next;
    for (const l of this.listeners) l(next);
  }
}
