import { useState, type FormEvent } from 'react';
import { mc } from './client';

/** Sign-in with a token (from `npx message-center token ...`). */
export function SignIn({ onSignedIn }: { onSignedIn: () => void }) {
  const [token, setToken] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!token.trim()) return;
    void mc.setToken(token.trim()).then(onSignedIn);
  };
  return (
    <form className="sign-in" onSubmit={submit}>
      <label>
        Access token
        <textarea name="token" rows={4} value={token} onChange={(e) => setToken(e.target.value)} placeholder="eyJhbGciOi…" />
      </label>
      <button type="submit">Sign in</button>
    </form>
  );
}
