import { DeliveriesListInput, DeliveryRetryInput } from '../../domain/index.js';
import { adminProcedure, router } from '../trpc.js';

/** `deliveries.*` (admin): external deliveries of a message (status, attempts, last error), retry. */
export const deliveriesRouter = router({
  list: adminProcedure
    .input(DeliveriesListInput)
    .query(({ ctx, input }) =>
      ctx.services.externalDeliveries.list(ctx.principal, input.messageId, input.limit),
    ),
  retry: adminProcedure
    .input(DeliveryRetryInput)
    .mutation(({ ctx, input }) =>
      ctx.services.externalDeliveries.retry(ctx.principal, input.deliveryId),
    ),
});
