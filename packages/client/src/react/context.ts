import { createContext, createElement, useContext, type ReactElement, type ReactNode } from 'react';
import type { MessageCenterClient } from '@message-center/client';

const MessageCenterContext = createContext<MessageCenterClient | null>(null);
MessageCenterContext.displayName = 'MessageCenterContext';

export interface MessageCenterProviderProps {
  /** The client the hooks below use; create it once (outside render) and close it yourself. */
  client: MessageCenterClient;
  children?: ReactNode;
}

/**
 * Makes `client` available to the Message Center hooks in `children`. The provider does not
 * create or close the client, so one client can outlive remounts and be shared with non-React code.
 */
export function MessageCenterProvider({ client, children }: MessageCenterProviderProps): ReactElement {
  return createElement(MessageCenterContext.Provider, { value: client }, children);
}

/**
 * The client from the nearest `MessageCenterProvider`: the typed router API
 * (`useMessageCenter().messages.list.query(...)`) and the real-time helpers.
 * Throws when no provider is above the calling component.
 */
export function useMessageCenter(): MessageCenterClient {
  const client = useContext(MessageCenterContext);
  if (!client) {
    throw new Error('useMessageCenter: no MessageCenterProvider above this component; wrap the tree in <MessageCenterProvider client={createMessageCenterClient(...)}>');
  }
  return client;
}
