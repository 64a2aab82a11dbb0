import { PresenceStatusInput } from '../../domain/index.js';
import { adminProcedure, router, userProcedure } from '../trpc.js';

/** `presence.*`: who is online (≥ 1 live connection on any instance). */
export const presenceRouter = router({
  online: adminProcedure.query(({ ctx }) => ctx.services.presence.online(ctx.principal.orgId)),
  status: userProcedure.input(PresenceStatusInput).query(({ ctx, input }) => ctx.services.presence.status(ctx.principal.orgId, input.userIds)),
});
