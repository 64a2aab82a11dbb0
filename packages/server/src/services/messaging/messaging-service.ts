import {
  forbidden,
  hasRole,
  type BroadcastInput,
  type MessageStatus,
  type Principal,
  type SendInput,
  type SendToGroupInput,
} from '../../domain/index.js';
import type { ServiceDeps } from '../deps.js';
import { SendPipeline } from './create-message.js';

export interface SendResult {
  messageId: string;
  status: MessageStatus;
  /** Whether the receiver has a live connection right now. */
  online: boolean;
}

export interface GroupSendResult {
  messageId: string;
  status: MessageStatus;
  /** Recipients resolved at send time. */
  recipients: number;
}

/** Sending: to one user, to a group / role / the whole org, or a broadcast. */
export class MessagingService {
  constructor(
    private readonly deps: ServiceDeps,
    /** This instance's send path (rate-limit buckets, publishes waiting for the bus). */
    readonly pipeline: SendPipeline = new SendPipeline(deps),
  ) {}

  /** Sends to one user of the caller's org. */
  async send(sender: Principal, input: SendInput): Promise<SendResult> {
    const { receiverId, ...content } = input;
    const { message } = await this.pipeline.create(sender, { orgId: sender.orgId, receiverType: 'USER', receiverId }, content);
    const online = await this.deps.bus.presence
      .isOnline(sender.orgId, [receiverId])
      .then((r) => r[receiverId] ?? false)
      .catch(() => false);
    return { messageId: message.messageId, status: message.status, online };
  }

  /** Sends to a group, a role group, or (ORGANIZATION) every user of the caller's org. */
  async sendToGroup(sender: Principal, input: SendToGroupInput): Promise<GroupSendResult> {
    const { groupId, groupType, ...content } = input;
    const target =
      groupType === 'ORGANIZATION'
        ? { orgId: sender.orgId, receiverType: 'ORGANIZATION' as const, receiverId: sender.orgId }
        : { orgId: sender.orgId, receiverType: groupType, receiverId: groupId };
    if (groupType === 'ORGANIZATION' && groupId !== sender.orgId) {
      throw forbidden('ORGANIZATION sends may only target your own organization');
    }
    const { message } = await this.pipeline.create(sender, target, content);
    return { messageId: message.messageId, status: message.status, recipients: message.recipientCount };
  }

  /** Broadcasts to the caller's org (admin) or to every user of every org (platform). */
  async broadcast(sender: Principal, input: BroadcastInput): Promise<GroupSendResult> {
    const { scope, ...content } = input;
    if (scope === 'ALL_USERS' && !hasRole(sender, 'platform')) {
      throw forbidden('Broadcasting to ALL_USERS needs the platform role');
    }
    const target =
      scope === 'ALL_USERS'
        ? { orgId: sender.orgId, receiverType: 'ALL_USERS' as const, receiverId: '*' }
        : { orgId: sender.orgId, receiverType: 'ORGANIZATION' as const, receiverId: sender.orgId };
    const { message } = await this.pipeline.create(sender, target, content);
    return { messageId: message.messageId, status: message.status, recipients: message.recipientCount };
  }
}
