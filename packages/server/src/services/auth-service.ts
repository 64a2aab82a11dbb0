import { signToken } from '../auth/jwt.js';
import type { Role } from '../domain/index.js';

export interface AuthServiceOptions {
  /** `MC_DEV_AUTH`: allow credential-less sign-in (development only). */
  isDevAuthEnabled: boolean;
  /** HS256 secret; null when tokens come only from a JWKS issuer. */
  secret: string | null;
  issuer?: string;
  audience?: string;
}

/** Token issuing for development sign-in. Production tokens come from the host platform. */
export class AuthService {
  constructor(private readonly opts: AuthServiceOptions) {}

  isDevSignInEnabled(): boolean {
    return this.opts.isDevAuthEnabled && this.opts.secret !== null;
  }

  /** An 8-hour token for the given identity. Callers must check `isDevSignInEnabled` first. */
  issueDevToken(claims: { userId: string; orgId: string; roles: Role[]; name?: string }): Promise<string> {
    if (!this.isDevSignInEnabled() || !this.opts.secret) throw new Error('dev sign-in is disabled');
    return signToken(this.opts.secret, claims, { ttl: '8h', issuer: this.opts.issuer, audience: this.opts.audience });
  }
}
