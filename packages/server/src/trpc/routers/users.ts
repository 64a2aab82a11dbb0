import { UserUpsertInput } from '../../domain/index.js';
import { adminProcedure, router } from '../trpc.js';

/** `users.*`: an org's users and their contact details (for external channels). */
export const usersRouter = router({
  upsert: adminProcedure
    .input(UserUpsertInput)
    .mutation(({ ctx, input }) => ctx.services.users.upsert(ctx.principal, input)),
});
