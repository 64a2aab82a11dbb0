'use client';
import { useQuery } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { describeError, ROLES, type Role } from '../../lib/api-types';
import { useI18n } from '../../lib/i18n';
import { useApi, useSession } from '../../lib/session';

export default function SignInPage() {
  const { t } = useI18n();
  const api = useApi();
  const { signIn } = useSession();
  const router = useRouter();
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [dev, setDev] = useState({
    userId: 'admin',
    orgId: 'org-1',
    name: 'Admin',
    roles: ['admin'] as Role[],
  });
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
      (async () => {
        const { token: issued } = await api.auth.devSignIn.mutate({
          userId: dev.userId,
          orgId: dev.orgId,
          roles: dev.roles,
          name: dev.name || undefined,
        });
        await signIn(issued);
      })(),
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
        <label>
          {t('signin.token')}
          <textarea
            name="token"
            rows={4}
            value={token}
            onChange={(e) => setToken(e.target.value)}
            required
          />
        </label>
        <p className="muted">{t('signin.tokenHelp')}</p>
        <button type="submit">{t('signin.submit')}</button>
      </form>
      {devEnabled.data === true && (
        <form onSubmit={onDevSubmit} className="card" data-testid="dev-signin">
          <h2>{t('signin.dev')}</h2>
          <p className="muted">{t('signin.devHelp')}</p>
          <div className="row">
            <label>
              {t('signin.userId')}
              <input
                name="userId"
                value={dev.userId}
                onChange={(e) => setDev({ ...dev, userId: e.target.value })}
                required
              />
            </label>
            <label>
              {t('signin.orgId')}
              <input
                name="orgId"
                value={dev.orgId}
                onChange={(e) => setDev({ ...dev, orgId: e.target.value })}
                required
              />
            </label>
            <label>
              {t('signin.name')}
              <input
                name="name"
                value={dev.name}
                onChange={(e) => setDev({ ...dev, name: e.target.value })}
              />
            </label>
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
