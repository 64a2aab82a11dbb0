import { compile, render, type CompiledTemplate } from '@message-center/templates';
import type { Message } from '../../domain/index.js';

const cache = new Map<string, CompiledTemplate>();
const CACHE_MAX = 500;

function compiled(source: string): CompiledTemplate {
  let c = cache.get(source);
  if (!c) {
    if (cache.size >= CACHE_MAX) cache.clear();
    c = compile(source);
    cache.set(source, c);
  }
  return c;
}

/** The reader a message is shown to. */
export interface Recipient {
  id: string;
  name: string;
}

/**
 * A message as one recipient sees it: templated group/broadcast messages are re-rendered with
 * that recipient's `recipient.id` / `recipient.name`; the server-only personalization data is
 * removed from what is returned. Messages without personalization come back unchanged.
 */
export function personalize<T extends Message>(message: T, recipient: Recipient): T {
  const p = message.metadata.personalization;
  if (!p) return message;
  const { personalization: _omit, ...metadata } = message.metadata;
  const values = { ...p.values, recipient: { id: recipient.id, name: recipient.name } };
  try {
    return {
      ...message,
      title: render(compiled(p.title), values, { timeZone: p.timeZone, now: message.createTime }),
      content: render(compiled(p.content), values, { timeZone: p.timeZone, now: message.createTime }),
      metadata,
    };
  } catch {
    // The stored rendering (made for a generic recipient at send time) is a safe fallback.
    return { ...message, metadata };
  }
}

/** True when a template source refers to `recipient` (so it must be rendered per reader). */
export function usesRecipient(source: string): boolean {
  try {
    return compiled(source).usedVariables.includes('recipient');
  } catch {
    return false;
  }
}
