import { createMessageCenterClient } from '@message-center/client';

/** The server's WebSocket URL: `?server=ws://host:port/trpc`, or the page's own host. */
export function serverUrl(): string {
  const fromQuery = new URLSearchParams(location.search).get('server');
  if (fromQuery) return fromQuery;
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/trpc`;
}

/** One client for the page; nobody is signed in until the user pastes a token. */
export const mc = createMessageCenterClient({ url: serverUrl() });
