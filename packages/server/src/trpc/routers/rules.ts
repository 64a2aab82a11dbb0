import {
  RuleCreateInput,
  RuleIdInput,
  RuleTestInput,
  RuleUpdateInput,
} from '../../domain/index.js';
import { adminProcedure, router } from '../trpc.js';

/** `rules.*` (admin; platform for defaults of every org): routing rules and their dry run. */
export const rulesRouter = router({
  create: adminProcedure
    .input(RuleCreateInput)
    .mutation(({ ctx, input }) => ctx.services.rules.create(ctx.principal, input)),
  update: adminProcedure
    .input(RuleUpdateInput)
    .mutation(({ ctx, input }) => ctx.services.rules.update(ctx.principal, input)),
  delete: adminProcedure
    .input(RuleIdInput)
    .mutation(({ ctx, input }) => ctx.services.rules.delete(ctx.principal, input.ruleId)),
  get: adminProcedure
    .input(RuleIdInput)
    .query(({ ctx, input }) => ctx.services.rules.get(ctx.principal, input.ruleId)),
  list: adminProcedure.query(({ ctx }) => ctx.services.rules.list(ctx.principal)),
  /** Dry run: which rules match a message for a user, and what would happen, with reasons. */
  test: adminProcedure
    .input(RuleTestInput)
    .query(({ ctx, input }) => ctx.services.rules.test(ctx.principal, input)),
});
