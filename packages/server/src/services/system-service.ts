import {
  forbidden,
  hasRole,
  invalidInput,
  newTimeOrderedId,
  notFound,
  type Principal,
  type SystemListInput,
  type SystemNotification,
  type SystemNotifyInput,
} from '../domain/index.js';
import type { PendingNotices } from '../ports/delivery-recorder.js';
import type { Page } from '../ports/store.js';
import type { ServiceDeps } from './deps.js';

/** How many unexpired notifications a connecting user is shown at most. */
const PENDING_MAX = 20;

/**
 * System notifications (seed §6.2.2): maintenance and security pop-ups with action buttons.
 * Pushed live to online users, shown on connect until they expire or the user dismisses them;
 * never stored in inboxes.
 */
export class SystemService implements PendingNotices {
  constructor(private readonly deps: ServiceDeps) {}

  /** `system.notify`: admins notify their own org; platform operators any org, or `*` = all. */
  async notify(p: Principal, input: SystemNotifyInput): Promise<SystemNotification> {
    const now = this.deps.now();
    if (input.expireTime.getTime() <= now.getTime())
      throw invalidInput('expireTime must be in the future', ['expireTime']);
    const orgId = this.targetOrg(p, input.orgId);
    const notification: SystemNotification = {
      notificationId: `sys_${newTimeOrderedId(now.getTime())}`,
      orgId,
      level: input.level,
      title: input.title,
      content: input.content,
      actions: input.actions,
      senderId: p.userId,
      createTime: now,
      expireTime: input.expireTime,
    };
    await this.deps.store.systemNotices.insert(notification);
    try {
      await this.deps.events.system(orgId, notification);
    } catch (err) {
      // Stored: users who are online now miss the live pop-up but see it on their next connect.
      this.deps.logger.warn(
        { err, notificationId: notification.notificationId },
        'system notification publish failed',
      );
    }
    return notification;
  }

  /** `system.dismiss`: the user will not be shown this notification again. */
  async dismiss(p: Principal, notificationId: string): Promise<{ dismissed: true }> {
    const n = await this.deps.store.systemNotices.get(p.orgId, notificationId);
    if (!n) throw notFound(`System notification ${notificationId}`);
    await this.deps.store.systemNotices.dismiss(p.orgId, p.userId, notificationId, this.deps.now());
    return { dismissed: true };
  }

  /** `system.list`: an org's notifications (platform: every one), newest first. */
  async list(
    p: Principal,
    input: SystemListInput,
  ): Promise<Page<SystemNotification> & { page: number; size: number }> {
    const orgId = hasRole(p, 'platform') ? null : p.orgId;
    const res = await this.deps.store.systemNotices.list(
      orgId,
      input.state,
      this.deps.now(),
      input.size,
      (input.page - 1) * input.size,
    );
    return { ...res, page: input.page, size: input.size };
  }

  /** What a connecting user should be shown (unexpired, not dismissed). */
  pendingFor(p: Principal): Promise<SystemNotification[]> {
    return this.deps.store.systemNotices.pendingFor(
      p.orgId,
      p.userId,
      this.deps.now(),
      PENDING_MAX,
    );
  }

  /** Deletes notifications that expired before `before`. Returns how many. */
  purgeExpired(before: Date): Promise<number> {
    return this.deps.store.systemNotices.purgeExpired(before, 1000);
  }

  private targetOrg(p: Principal, orgId: string | undefined): string | null {
    if (orgId === undefined || orgId === p.orgId) return p.orgId;
    if (!hasRole(p, 'platform'))
      throw forbidden('Only platform operators may notify another organization');
    return orgId === '*' ? null : orgId;
  }
}
