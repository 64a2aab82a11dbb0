'use client';
import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { useEffect, type ReactNode } from 'react';
import { hasRole } from '../lib/api-types';
import { useI18n, type Locale } from '../lib/i18n';
import type { MessageKey } from '../lib/messages-en';
import { useSession } from '../lib/session';

const NAV: { href: string; label: MessageKey }[] = [
  { href: '/dashboard', label: 'nav.dashboard' },
  { href: '/templates', label: 'nav.templates' },
  { href: '/groups', label: 'nav.groups' },
  { href: '/broadcast', label: 'nav.broadcast' },
  { href: '/messages', label: 'nav.messages' },
  { href: '/live', label: 'nav.live' },
  { href: '/system', label: 'nav.system' },
  { href: '/audit', label: 'nav.audit' },
  { href: '/rules', label: 'nav.rules' },
];

/** Header, role-aware navigation and the sign-in guard around every page. */
export function AppShell({ children }: { children: ReactNode }) {
  const { status, principal, signOut } = useSession();
  const { t, locale, setLocale } = useI18n();
  const pathname = usePathname();
  const router = useRouter();
  const isSignInPage = pathname === '/signin';

  useEffect(() => {
    if (status === 'signedOut' && !isSignInPage) router.replace('/signin');
  }, [status, isSignInPage, router]);

  const isAdmin = hasRole(principal, 'admin');
  const roleLabel = hasRole(principal, 'platform')
    ? t('role.platform')
    : isAdmin
      ? t('role.admin')
      : t('role.other');

  let body: ReactNode = children;
  if (!isSignInPage) {
    if (status !== 'signedIn') body = <p className="muted">{t('common.loading')}</p>;
    else if (!isAdmin) body = <p className="error">{t('common.needsAdmin')}</p>;
  }

  return (
    <>
      <header className="topbar">
        <strong className="brand">{t('app.title')}</strong>
        {status === 'signedIn' && isAdmin && (
          <nav aria-label="main">
            {NAV.map((item) => (
              <Link
                key={item.href}
                href={item.href}
                className={pathname.startsWith(item.href) ? 'active' : ''}
              >
                {t(item.label)}
              </Link>
            ))}
          </nav>
        )}
        <span className="spacer" />
        <label className="inline">
          <span className="visually-hidden">{t('nav.language')}</span>
          <select
            aria-label={t('nav.language')}
            value={locale}
            onChange={(e) => setLocale(e.target.value as Locale)}
          >
            <option value="en">English</option>
            <option value="zh-CN">简体中文</option>
          </select>
        </label>
        {principal && (
          <span
            className="who"
            data-testid="who"
            title={`${principal.name ?? principal.userId} · ${principal.orgId} · ${roleLabel}`}
          >
            {principal.name ?? principal.userId} · {principal.orgId} · {roleLabel}
          </span>
        )}
        {status === 'signedIn' && (
          <button type="button" onClick={() => void signOut()} data-testid="sign-out">
            {t('nav.signOut')}
          </button>
        )}
      </header>
      <main>{body}</main>
    </>
  );
}
