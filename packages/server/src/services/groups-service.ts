import { AppCode, AppError, newTimeOrderedId, notFound, type Group, type GroupType, type Principal } from '../domain/index.js';
import type { ServiceDeps } from './deps.js';

/** Built-in groups and roles of an org, and their members. */
export class GroupsService {
  constructor(private readonly deps: ServiceDeps) {}

  async create(p: Principal, input: { groupId?: string; name: string; type: GroupType; description: string; members: string[] }): Promise<Group> {
    const now = this.deps.now();
    const group: Group = {
      groupId: input.groupId ?? `grp_${newTimeOrderedId(now.getTime())}`,
      orgId: p.orgId,
      name: input.name,
      type: input.type,
      description: input.description,
      members: [...new Set(input.members)],
      createTime: now,
      updateTime: now,
    };
    if (!(await this.deps.store.groups.create(group))) {
      throw new AppError(AppCode.INVALID_INPUT, `Group ${group.groupId} already exists`, { fieldPaths: ['groupId'] });
    }
    if (group.members.length) await this.membershipChanged(p.orgId, group.members);
    return group;
  }

  async get(p: Principal, groupId: string): Promise<Group> {
    const g = await this.deps.store.groups.get(p.orgId, groupId);
    if (!g) throw notFound(`Group ${groupId}`);
    return g;
  }

  async list(p: Principal, input: { type?: GroupType; page: number; size: number }) {
    const res = await this.deps.store.groups.list(p.orgId, { type: input.type, limit: input.size, offset: (input.page - 1) * input.size });
    return { ...res, page: input.page, size: input.size };
  }

  async update(p: Principal, input: { groupId: string; name?: string; description?: string }): Promise<Group> {
    const g = await this.deps.store.groups.update(p.orgId, input.groupId, { name: input.name, description: input.description }, this.deps.now());
    if (!g) throw notFound(`Group ${input.groupId}`);
    return g;
  }

  async delete(p: Principal, groupId: string): Promise<{ deleted: true }> {
    const g = await this.get(p, groupId);
    await this.deps.store.groups.delete(p.orgId, groupId);
    await this.membershipChanged(p.orgId, g.members);
    return { deleted: true };
  }

  async addMembers(p: Principal, groupId: string, userIds: string[]): Promise<Group> {
    const g = await this.deps.store.groups.addMembers(p.orgId, groupId, userIds, this.deps.now());
    if (!g) throw notFound(`Group ${groupId}`);
    await this.membershipChanged(p.orgId, userIds);
    return g;
  }

  async removeMembers(p: Principal, groupId: string, userIds: string[]): Promise<Group> {
    const g = await this.deps.store.groups.removeMembers(p.orgId, groupId, userIds, this.deps.now());
    if (!g) throw notFound(`Group ${groupId}`);
    await this.membershipChanged(p.orgId, userIds);
    return g;
  }

  private async membershipChanged(orgId: string, userIds: string[]): Promise<void> {
    if (!userIds.length) return;
    try {
      await this.deps.events.membershipChanged(orgId, userIds);
    } catch (err) {
      this.deps.logger.warn({ err }, 'membership change publish failed');
    }
  }
}
