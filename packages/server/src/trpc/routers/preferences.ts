import { PreferencesGetInput, PreferencesUpdateInput } from '../../domain/index.js';
import { router, userProcedure } from '../trpc.js';

/** `preferences.*` (user: own; admin: `scope: ORG` for the org's defaults). */
export const preferencesRouter = router({
  get: userProcedure
    .input(PreferencesGetInput)
    .query(({ ctx, input }) => ctx.services.preferences.get(ctx.principal, input.scope)),
  update: userProcedure
    .input(PreferencesUpdateInput)
    .mutation(({ ctx, input }) => ctx.services.preferences.update(ctx.principal, input)),
});
