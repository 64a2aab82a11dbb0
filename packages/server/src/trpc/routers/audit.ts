import { AuditListInput } from '../../domain/index.js';
import { adminProcedure, router } from '../trpc.js';

/** `audit.*`: the operation log of admin and platform changes. */
export const auditRouter = router({
  list: adminProcedure
    .input(AuditListInput)
    .query(({ ctx, input }) => ctx.services.audit.list(ctx.principal, input)),
});
