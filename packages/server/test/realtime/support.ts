import WebSocket from 'ws';
import { createMessageCenterClient, type MessageCenterClient, type ResumeCheckpoint } from '../../../client/src/index.js';
import type { LiveMessage, RealtimeEvent, Role } from '../../src/index.js';
import { eventually, tokenFor } from '../support/server.js';

/** A `ws` WebSocket that remembers its instances, so a test can cut a live connection. */
export function trackingWebSocket(): { WebSocket: typeof WebSocket; sockets: WebSocket[] } {
  const sockets: WebSocket[] = [];
  class TrackedWebSocket extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols);
      sockets.push(this);
    }
  }
  return { WebSocket: TrackedWebSocket as unknown as typeof WebSocket, sockets };
}

export interface AppUnderTest {
  client: MessageCenterClient;
  /** Every message the app was handed, in order. */
  messages: LiveMessage[];
  /** Every event the app was handed, in order. */
  events: RealtimeEvent[];
  tokensIssued: number;
  sockets: WebSocket[];
  stop: () => Promise<void>;
}

/**
 * A user's app: the real client SDK over real sockets, recording what it was handed.
 */
export async function connectApp(
  wsUrl: string | (() => string),
  userId: string,
  opts: { orgId?: string; roles?: Role[]; ttl?: (n: number, socketsOpened: number) => string; resumeFrom?: ResumeCheckpoint | null; urls?: string[]; autoAck?: boolean } = {},
): Promise<AppUnderTest> {
  const tracking = trackingWebSocket();
  const app: AppUnderTest = { messages: [], events: [], tokensIssued: 0, sockets: tracking.sockets, client: undefined as unknown as MessageCenterClient, stop: async () => undefined };
  const url = typeof wsUrl === 'string' ? wsUrl : wsUrl();
  app.client = createMessageCenterClient({
    url,
    urls: opts.urls,
    WebSocket: tracking.WebSocket,
    getToken: () => {
      app.tokensIssued += 1;
      return tokenFor(userId, opts.orgId ?? 'acme', opts.roles ?? ['user'], { ttl: opts.ttl?.(app.tokensIssued, tracking.sockets.length) ?? '1h' });
    },
    backoff: { baseMs: 100, maxMs: 1000 },
    resumeFrom: opts.resumeFrom ?? null,
    autoAck: opts.autoAck,
  });
  const offMessages = app.client.onMessage((m) => app.messages.push(m));
  const offEvents = app.client.events.on('*', (e) => app.events.push(e));
  app.stop = async () => {
    offMessages();
    offEvents();
    await app.client.close();
  };
  return app;
}

/** Titles of the app's messages, in the order it saw them. */
export const titlesOf = (app: AppUnderTest): string[] => app.messages.map((m) => m.title);

/** `prefix0 … prefix(n-1)`. */
export const expectedTitles = (prefix: string, n: number): string[] => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

/**
 * Opens apps and remembers them for `stopAll`; each resolves once its stream is live (the first
 * UNREAD_COUNT arrived).
 */
export function appPool() {
  const apps: AppUnderTest[] = [];
  return {
    apps,
    open: async (...args: Parameters<typeof connectApp>): Promise<AppUnderTest> => {
      const app = await connectApp(...args);
      apps.push(app);
      await eventually(() => app.events.some((e) => e.type === 'UNREAD_COUNT'), 'stream live');
      return app;
    },
    stopAll: () => Promise.all(apps.map((a) => a.stop())),
  };
}
