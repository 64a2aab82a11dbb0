import {
  type BroadcastInput,
  type MessageStatus,
  type Principal,
  type SendInput,
  type SendManyInput,
  type SendToGroupInput,
} from '../../domain/index.js';
import type { ServiceDeps } from '../deps.js';
import { SendPipeline } from './create-message.js';
import { groupTarget, scopeTarget } from './targets.js';
import { sendMany, type SendManyResult } from './send-many.js';

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
    const { message } = await this.pipeline.create(sender, groupTarget(sender, groupId, groupType), content);
    return { messageId: message.messageId, status: message.status, recipients: message.recipientCount };
  }

  /** Up to 1,000 sends in one call, each with its own target and result (see `send-many.ts`). */
  sendMany(sender: Principal, input: SendManyInput): Promise<{ results: SendManyResult[] }> {
    return sendMany(this.deps, this.pipeline, sender, input);
  }

  /** Broadcasts to the caller's org (admin) or to every user of every org (platform). */
  async broadcast(sender: Principal, input: BroadcastInput): Promise<GroupSendResult> {
    const { scope, ...content } = input;
    const { message } = await this.pipeline.create(sender, scopeTarget(sender, scope), content);
    return { messageId: message.messageId, status: message.status, recipients: message.recipientCount };
  }
}
