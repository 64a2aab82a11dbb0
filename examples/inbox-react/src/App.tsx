import { MessageCenterProvider } from '@message-center/client/react';
import { useState } from 'react';
import { Bell } from './Bell';
import { mc } from './client';
import { ConnectionBadge } from './ConnectionBadge';
import { SignIn } from './SignIn';
import { Toasts } from './Toasts';

export function App() {
  const [signedIn, setSignedIn] = useState(false);
  return (
    <MessageCenterProvider client={mc}>
      <header className="bar">
        <strong>Acme</strong>
        <ConnectionBadge />
        {signedIn ? (
          <>
            <Bell />
            <button type="button" onClick={() => void mc.signOut().then(() => setSignedIn(false))}>
              Sign out
            </button>
          </>
        ) : null}
      </header>
      <main>{signedIn ? <p>Signed in. New messages appear as toasts and under the bell.</p> : <SignIn onSignedIn={() => setSignedIn(true)} />}</main>
      <Toasts />
    </MessageCenterProvider>
  );
}
