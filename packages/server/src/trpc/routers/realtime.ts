import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { router, userProcedure } from '../trpc.js';

const RealtimeEventsInput = z.object({ lastEventId: z.string().max(128).nullish() }).optional();

/** `realtime.events`: the live stream of a user's inbox (SPEC §4, §5). */
export const realtimeRouter = router({
  events: userProcedure.input(RealtimeEventsInput).subscription(({ ctx, input, signal }) =>
    ctx.live.events({
      principal: ctx.principal,
      sessionId: ctx.sessionId ?? randomUUID(),
      lastEventId: input?.lastEventId ?? null,
      signal: signal ?? new AbortController().signal,
    }),
  ),
});
