import { useConnectionState } from '@message-center/client/react';

const LABEL = {
  idle: 'Not connected',
  'waiting-for-token': 'Signed out',
  connecting: 'Connecting…',
  connected: 'Live',
  unauthorized: 'Token refused',
  closed: 'Closed',
} as const;

/** A dot and a word for the connection state. */
export function ConnectionBadge() {
  const { state } = useConnectionState();
  return (
    <span className={`connection connection-${state}`} data-testid="connection" data-state={state}>
      {LABEL[state]}
    </span>
  );
}
