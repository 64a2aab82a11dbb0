import type { Role } from '../domain/index.js';
import type { TokenIssuer } from '../ports/token-issuer.js';

export interface AuthServiceOptions {
  /** `MC_DEV_AUTH`: allow credential-less sign-in (development only). */
  isDevAuthEnabled: boolean;
  /** Signs tokens; null when tokens come only from a JWKS issuer (this server holds no secret). */
  tokens: TokenIssuer | null;
}

/** Token issuing for development sign-in. Production tokens come from the host platform. */
export class AuthService {
  constructor(private readonly opts: AuthServiceOptions) {}

  isDevSignInEnabled(): boolean {
    return this.opts.isDevAuthEnabled && this.opts.tokens !== null;
  }

  /** An 8-hour token for the given identity. Callers must check `isDevSignInEnabled` first. */
  issueDevToken(claims: { userId: string; orgId: string; roles: Role[]; name?: string }): Promise<string> {
    if (!this.opts.isDevAuthEnabled || !this.opts.tokens) throw new Error('dev sign-in is disabled');
    return this.opts.tokens.issue(claims, '8h');
  }
}
