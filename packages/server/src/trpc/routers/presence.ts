import { PresenceStatusInput } from '../../domain/index.js';
import { adminProcedure, router, userProcedure } from '../trpc.js';

/** `presence.*`: who is online (≥ 1 live connection on any instance). */
export const presenceRouter = router({
  online: adminProcedure.query(async ({ ctx }) => {
    const userIds = await ctx.services.deps.bus.presence.onlineUsers(ctx.principal.orgId);
    return { userIds, count: userIds.length };
  }),
  status: userProcedure.input(PresenceStatusInput).query(({ ctx, input }) => ctx.services.deps.bus.presence.isOnline(ctx.principal.orgId, input.userIds)),
});
