import { GroupCreateInput, GroupIdInput, GroupListInput, GroupMembersInput, GroupUpdateInput } from '../../domain/index.js';
import { adminProcedure, router } from '../trpc.js';

/** `groups.*` (admin). */
export const groupsRouter = router({
  create: adminProcedure.input(GroupCreateInput).mutation(({ ctx, input }) => ctx.services.groups.create(ctx.principal, input)),
  get: adminProcedure.input(GroupIdInput).query(({ ctx, input }) => ctx.services.groups.get(ctx.principal, input.groupId)),
  list: adminProcedure.input(GroupListInput).query(({ ctx, input }) => ctx.services.groups.list(ctx.principal, input)),
  update: adminProcedure.input(GroupUpdateInput).mutation(({ ctx, input }) => ctx.services.groups.update(ctx.principal, input)),
  delete: adminProcedure.input(GroupIdInput).mutation(({ ctx, input }) => ctx.services.groups.delete(ctx.principal, input.groupId)),
  addMembers: adminProcedure.input(GroupMembersInput).mutation(({ ctx, input }) => ctx.services.groups.addMembers(ctx.principal, input.groupId, input.userIds)),
  removeMembers: adminProcedure.input(GroupMembersInput).mutation(({ ctx, input }) => ctx.services.groups.removeMembers(ctx.principal, input.groupId, input.userIds)),
});
