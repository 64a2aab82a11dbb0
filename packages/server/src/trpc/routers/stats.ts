import { StatsOverviewInput, TrendingInput } from '../../domain/index.js';
import { adminProcedure, router, userProcedure } from '../trpc.js';

/** `stats.*`; `live` is the admin subscription of connections, online users and messages/s. */
export const statsRouter = router({
  overview: adminProcedure.input(StatsOverviewInput).query(({ ctx, input }) => ctx.services.stats.overview(ctx.principal, input)),
  user: userProcedure.query(async ({ ctx }) => ctx.services.stats.user(ctx.principal, await ctx.services.inbox.summary(ctx.principal))),
  trending: adminProcedure.input(TrendingInput).query(({ ctx, input }) => ctx.services.stats.trending(ctx.principal, input)),
  live: adminProcedure.subscription(({ ctx, signal }) => ctx.live.liveStats(ctx.principal.orgId, signal ?? new AbortController().signal)),
});
