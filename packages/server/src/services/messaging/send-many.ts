import { AppCode, AppError, SendManyItem, type MessageStatus, type Principal, type SendManyInput } from '../../domain/index.js';
import type { ServiceDeps } from '../deps.js';
import type { MessageTarget, SendPipeline } from './create-message.js';
import { groupTarget, scopeTarget } from './targets.js';

/** The outcome of one `sendMany` item, in item order. */
export type SendManyResult =
  | { messageId: string; status: MessageStatus }
  | { error: { appCode: AppCode; message: string; fieldPaths?: string[] } };

type Prepared = { index: number; target: MessageTarget; item: SendManyItem };

/**
 * `messages.sendMany`: up to 1,000 sends in one call, each to its own user, group or scope.
 * Every item is validated and authorized on its own, so a bad item gets its own error and the
 * rest still go out. The batch takes its rate-limit tokens once (one per valid item), stores its
 * messages together (the store groups concurrent inserts into one commit) and publishes them in
 * one bus message per channel.
 */
export async function sendMany(deps: ServiceDeps, pipeline: SendPipeline, sender: Principal, input: SendManyInput): Promise<{ results: SendManyResult[] }> {
  const results: SendManyResult[] = new Array<SendManyResult>(input.items.length);
  const prepared: Prepared[] = [];
  input.items.forEach((raw, index) => {
    const parsed = SendManyItem.safeParse(raw);
    if (!parsed.success) {
      const fieldPaths = [...new Set(parsed.error.issues.map((i) => i.path.map(String).join('.') || '(item)'))];
      const message = parsed.error.issues.map((i) => `${i.path.map(String).join('.') || 'item'}: ${i.message}`).join('; ');
      results[index] = { error: { appCode: AppCode.INVALID_INPUT, message, fieldPaths } };
      return;
    }
    try {
      prepared.push({ index, target: targetOf(sender, parsed.data), item: parsed.data });
    } catch (err) {
      results[index] = errorResult(deps, err);
    }
  });

  if (prepared.length) await pipeline.enforceRateLimits(sender, prepared.length);
  const created = await Promise.all(
    prepared.map(async ({ index, target, item }) => {
      const { receiverId: _r, groupId: _g, groupType: _t, scope: _s, ...content } = item;
      try {
        const { message, isNew } = await pipeline.create(sender, target, content, { isRateLimited: false, announce: false });
        results[index] = { messageId: message.messageId, status: message.status };
        return isNew && message.status === 'SENT' ? message : null;
      } catch (err) {
        results[index] = errorResult(deps, err);
        return null;
      }
    }),
  );
  // Each message was counted in the commit that stored it; only the publish is left.
  await pipeline.announceVisibleMany(created.filter((m) => m !== null), true);
  return { results };
}

function targetOf(sender: Principal, item: SendManyItem): MessageTarget {
  if (item.receiverId !== undefined) return { orgId: sender.orgId, receiverType: 'USER', receiverId: item.receiverId };
  if (item.scope !== undefined) return scopeTarget(sender, item.scope);
  return groupTarget(sender, item.groupId!, item.groupType!);
}

function errorResult(deps: ServiceDeps, err: unknown): SendManyResult {
  if (err instanceof AppError) {
    const fieldPaths = err.details.fieldPaths;
    return { error: { appCode: err.appCode, message: err.message, ...(fieldPaths ? { fieldPaths } : {}) } };
  }
  deps.logger.error({ err }, 'a sendMany item failed');
  return { error: { appCode: AppCode.SEND_FAILED, message: 'The message could not be sent' } };
}
