import { SystemDismissInput, SystemListInput, SystemNotifyInput } from '../../domain/index.js';
import { adminProcedure, router, userProcedure } from '../trpc.js';

/** `system.*`: system notifications (maintenance, security pop-ups), never stored in inboxes. */
export const systemRouter = router({
  notify: adminProcedure
    .input(SystemNotifyInput)
    .mutation(({ ctx, input }) => ctx.services.system.notify(ctx.principal, input)),
  dismiss: userProcedure
    .input(SystemDismissInput)
    .mutation(({ ctx, input }) => ctx.services.system.dismiss(ctx.principal, input.notificationId)),
  list: adminProcedure
    .input(SystemListInput)
    .query(({ ctx, input }) => ctx.services.system.list(ctx.principal, input)),
});
