import { z } from 'zod';
import { AppError, ExternalId, Role } from '../../domain/index.js';
import { publicProcedure, router, userProcedure } from '../trpc.js';

/** `auth.*`: who am I, and (development only) one-click sign-in. */
export const authRouter = router({
  whoami: userProcedure.query(({ ctx }) => ctx.principal),
  /** Whether dev sign-in is enabled, so a console can offer it. */
  devSignInEnabled: publicProcedure.query(({ ctx }) => ctx.services.auth.isDevSignInEnabled()),
  /** Issues a short-lived token without credentials; refused unless `MC_DEV_AUTH` is on. */
  devSignIn: publicProcedure
    .input(z.object({ userId: ExternalId, orgId: ExternalId, roles: z.array(Role).min(1), name: z.string().max(128).optional() }))
    .mutation(async ({ ctx, input }) => {
      if (!ctx.services.auth.isDevSignInEnabled()) throw new AppError('AUTH_002', 'Dev sign-in is disabled on this server (set MC_DEV_AUTH=1 to enable it in development)');
      return { token: await ctx.services.auth.issueDevToken(input) };
    }),
});
