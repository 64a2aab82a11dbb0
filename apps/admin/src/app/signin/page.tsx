'use client';
import { useQuery } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { TextField } from '../../components/Field';
import { describeError, ROLES, type Role } from '../../lib/api-types';
import { fieldBinder } from '../../lib/form';
import { useI18n } from '../../lib/i18n';
import { useApi, useSession } from '../../lib/session';

export default function SignInPage() {
  const { t } = useI18n();
  const api = useApi();
  const { signIn, devSignIn } = useSession();
  const router = useRouter();
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [dev, setDev] = useState({
    userId: 'admin',
    orgId: 'org-1',
    name: 'Admin',
    roles: ['admin'] as Role[],
  });
  const devField = fieldBinder(dev, setDev);
  const devEnabled = useQuery({
    queryKey: ['auth.devSignInEnabled'],
    queryFn: () => api.auth.devSignInEnabled.query(),
  });

  async function finish(promise: Promise<void>) {
    setError(null);
    try {
      await promise;
      router.replace('/dashboard');
    } catch (err) {
      setError(describeError(err));
    }
  }

  function onTokenSubmit(e: FormEvent) {
    e.preventDefault();
    void finish(signIn(token));
  }

  function onDevSubmit(e: FormEvent) {
    e.preventDefault();
    void finish(
      devSignIn({
        userId: dev.userId,
        orgId: dev.orgId,
        roles: dev.roles,
        name: dev.name || undefined,
      }),
    );
  }

  const toggleRole = (role: Role) =>
    setDev((d) => ({
      ...d,
      roles: d.roles.includes(role) ? d.roles.filter((r) => r !== role) : [...d.roles, role],
    }));

  return (
    <section className="narrow">
      <h1>{t('signin.title')}</h1>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <form onSubmit={onTokenSubmit} className="card">
        <TextField
          label={t('signin.token')}
          name="token"
          rows={4}
          value={token}
          onChange={setToken}
          required
        />
        <p className="muted">{t('signin.tokenHelp')}</p>
        <button type="submit">{t('signin.submit')}</button>
      </form>
      {devEnabled.data === true && (
        <form onSubmit={onDevSubmit} className="card" data-testid="dev-signin">
          <h2>{t('signin.dev')}</h2>
          <p className="muted">{t('signin.devHelp')}</p>
          <div className="row">
            <TextField label={t('signin.userId')} {...devField('userId')} required />
            <TextField label={t('signin.orgId')} {...devField('orgId')} required />
            <TextField label={t('signin.name')} {...devField('name')} />
          </div>
          <fieldset>
            <legend>{t('signin.roles')}</legend>
            {ROLES.map((role) => (
              <label key={role} className="inline">
                <input
                  type="checkbox"
                  checked={dev.roles.includes(role)}
                  onChange={() => toggleRole(role)}
                />{' '}
                {role}
              </label>
            ))}
          </fieldset>
          <button type="submit" disabled={dev.roles.length === 0}>
            {t('signin.devSubmit')}
          </button>
        </form>
      )}
      {devEnabled.data === false && <p className="muted">{t('signin.devOff')}</p>}
    </section>
  );
}
