/** The httpOnly cookie holding the bearer token: scripts in the page can never read it. */
export const SESSION_COOKIE = 'mc_session';
/** The readable half of the double-submit CSRF check; worthless without the session cookie. */
export const CSRF_COOKIE = 'mc_csrf';
/** The header the console's scripts copy the CSRF cookie into on every state-changing call. */
export const CSRF_HEADER = 'x-mc-csrf';
