import { CSRF_COOKIE, CSRF_HEADER } from './session-names';

/**
 * The header that proves a state-changing call comes from this console's own page: the value of
 * the CSRF cookie, which scripts of other sites cannot read (double-submit).
 */
export function csrfHeaders(): Record<string, string> {
  if (typeof document === 'undefined') return {};
  const entry = document.cookie.split('; ').find((c) => c.startsWith(`${CSRF_COOKIE}=`));
  return entry ? { [CSRF_HEADER]: entry.slice(CSRF_COOKIE.length + 1) } : {};
}
