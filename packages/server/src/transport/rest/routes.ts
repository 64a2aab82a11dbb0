import type { Role } from '../../domain/index.js';
import type { RestProcedurePath } from './responses.js';
import { MAINTENANCE_TEMPLATE_EXAMPLE, SEND_EXAMPLE, STATISTICS_EXAMPLE } from './examples.js';

/** HTTP methods the REST API uses. */
export type RestMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/**
 * One REST operation: an HTTP method and path bound to one tRPC procedure. The handler and the
 * OpenAPI generator both read this table; the input schema is the procedure's own, so REST and
 * tRPC validate, authorize and fail identically.
 */
export interface RestRoute {
  method: RestMethod;
  /** Under `/api/v1`, with `{name}` path parameters (seed §6.1 paths). */
  path: string;
  procedure: RestProcedurePath;
  /** The weakest role that may call it (`public`: no token). Enforced by the procedure. */
  role: Role | 'public';
  summary: string;
  tag: 'messages' | 'templates' | 'statistics' | 'groups' | 'presence' | 'auth' | 'system' | 'audit' | 'users' | 'routing';
  /** REST-only names accepted for an input field (seed spellings), e.g. `status` → `state`. */
  aliases?: Record<string, string>;
  /** Accepts the `Idempotency-Key` header as `idempotencyKey`. */
  isSend?: boolean;
  requestExample?: unknown;
  responseExample?: unknown;
}

const M = 'messages' as const;
const T = 'templates' as const;

/** Every REST operation, in documentation order. Static paths come before `{param}` paths. */
export const REST_ROUTES: readonly RestRoute[] = [
  { method: 'POST', path: '/messages/send', procedure: 'messages.send', role: 'sender', tag: M, summary: 'Send a message to one user', isSend: true, requestExample: SEND_EXAMPLE },
  { method: 'POST', path: '/messages/send-many', procedure: 'messages.sendMany', role: 'sender', tag: M, summary: 'Up to 1,000 sends in one call (each item as /messages/send, or with groupId + groupType, or scope); per-item results in item order' },
  { method: 'POST', path: '/messages/send-to-group', procedure: 'messages.sendToGroup', role: 'sender', tag: M, summary: 'Send a message to a group, role or the whole organization', isSend: true },
  { method: 'POST', path: '/messages/broadcast', procedure: 'messages.broadcast', role: 'admin', tag: M, summary: 'Broadcast to the organization (platform: to all users)', isSend: true },
  { method: 'GET', path: '/messages', procedure: 'messages.list', role: 'user', tag: M, summary: "List the caller's inbox (page or cursor)", aliases: { status: 'state' } },
  { method: 'GET', path: '/messages/unread-count', procedure: 'messages.unreadCount', role: 'user', tag: M, summary: 'Unread count, in total and by message type' },
  { method: 'GET', path: '/messages/search', procedure: 'messages.search', role: 'user', tag: M, summary: 'Search the inbox (CJK-aware)' },
  { method: 'GET', path: '/messages/statistics', procedure: 'stats.overview', role: 'admin', tag: 'statistics', summary: 'Message statistics of the organization by day and type', responseExample: STATISTICS_EXAMPLE },
  { method: 'GET', path: '/messages/user-statistics', procedure: 'stats.user', role: 'user', tag: 'statistics', summary: "The caller's inbox statistics" },
  { method: 'GET', path: '/messages/trending', procedure: 'stats.trending', role: 'admin', tag: 'statistics', summary: 'Most-read messages of a period' },
  { method: 'PUT', path: '/messages/batch-read', procedure: 'messages.batchRead', role: 'user', tag: M, summary: 'Mark messages (or all) read' },
  { method: 'POST', path: '/messages/batch-delete', procedure: 'messages.batchDelete', role: 'user', tag: M, summary: 'Delete messages from the inbox' },
  { method: 'GET', path: '/messages/{messageId}', procedure: 'messages.get', role: 'user', tag: M, summary: 'One inbox message' },
  { method: 'DELETE', path: '/messages/{messageId}', procedure: 'messages.delete', role: 'user', tag: M, summary: 'Delete a message from the inbox' },
  { method: 'PUT', path: '/messages/{messageId}/read', procedure: 'messages.markRead', role: 'user', tag: M, summary: 'Mark read' },
  { method: 'PUT', path: '/messages/{messageId}/unread', procedure: 'messages.markUnread', role: 'user', tag: M, summary: 'Mark unread' },
  { method: 'PUT', path: '/messages/{messageId}/archive', procedure: 'messages.archive', role: 'user', tag: M, summary: 'Archive (or with `archived: false`, unarchive)' },
  { method: 'POST', path: '/messages/{messageId}/ack', procedure: 'messages.ack', role: 'user', tag: M, summary: 'Acknowledge delivery or read' },
  { method: 'GET', path: '/org/messages', procedure: 'messages.orgList', role: 'admin', tag: M, summary: "The organization's sent messages" },
  { method: 'GET', path: '/org/messages/{messageId}/recipients', procedure: 'messages.recipients', role: 'admin', tag: M, summary: 'Per-recipient state of a message' },

  { method: 'POST', path: '/message-templates', procedure: 'templates.create', role: 'admin', tag: T, summary: 'Create a template', requestExample: MAINTENANCE_TEMPLATE_EXAMPLE },
  { method: 'GET', path: '/message-templates', procedure: 'templates.list', role: 'admin', tag: T, summary: 'List templates' },
  { method: 'POST', path: '/message-templates/validate', procedure: 'templates.validate', role: 'admin', tag: T, summary: 'Validate a template source (line/column diagnostics)' },
  { method: 'POST', path: '/message-templates/preview', procedure: 'templates.preview', role: 'admin', tag: T, summary: 'Preview a draft template source', aliases: { variables: 'values' } },
  { method: 'GET', path: '/message-templates/{templateId}', procedure: 'templates.get', role: 'admin', tag: T, summary: 'One template' },
  { method: 'PUT', path: '/message-templates/{templateId}', procedure: 'templates.update', role: 'admin', tag: T, summary: 'Update a template (bumps version)' },
  { method: 'DELETE', path: '/message-templates/{templateId}', procedure: 'templates.delete', role: 'admin', tag: T, summary: 'Delete a template' },
  { method: 'GET', path: '/message-templates/{templateId}/history', procedure: 'templates.history', role: 'admin', tag: T, summary: 'Earlier versions of a template' },
  { method: 'POST', path: '/message-templates/{templateId}/preview', procedure: 'templates.preview', role: 'admin', tag: T, summary: 'Render a stored template with sample values', aliases: { variables: 'values' } },
  { method: 'POST', path: '/message-templates/{templateId}/send', procedure: 'templates.send', role: 'sender', tag: T, summary: 'Send a message rendered from a template', aliases: { variables: 'values' }, isSend: true },

  { method: 'POST', path: '/groups', procedure: 'groups.create', role: 'admin', tag: 'groups', summary: 'Create a group' },
  { method: 'GET', path: '/groups', procedure: 'groups.list', role: 'admin', tag: 'groups', summary: 'List groups' },
  { method: 'GET', path: '/groups/{groupId}', procedure: 'groups.get', role: 'admin', tag: 'groups', summary: 'One group' },
  { method: 'PUT', path: '/groups/{groupId}', procedure: 'groups.update', role: 'admin', tag: 'groups', summary: 'Rename or describe a group' },
  { method: 'DELETE', path: '/groups/{groupId}', procedure: 'groups.delete', role: 'admin', tag: 'groups', summary: 'Delete a group' },
  { method: 'POST', path: '/groups/{groupId}/members', procedure: 'groups.addMembers', role: 'admin', tag: 'groups', summary: 'Add members' },
  { method: 'POST', path: '/groups/{groupId}/members/remove', procedure: 'groups.removeMembers', role: 'admin', tag: 'groups', summary: 'Remove members' },

  { method: 'POST', path: '/system/notifications', procedure: 'system.notify', role: 'admin', tag: 'system', summary: 'Send a system notification (maintenance, security) to the online users of the organization (platform: any or every org)' },
  { method: 'GET', path: '/system/notifications', procedure: 'system.list', role: 'admin', tag: 'system', summary: 'System notifications, active or expired' },
  { method: 'POST', path: '/system/notifications/{notificationId}/dismiss', procedure: 'system.dismiss', role: 'user', tag: 'system', summary: 'Dismiss a system notification for the caller' },
  { method: 'GET', path: '/audit', procedure: 'audit.list', role: 'admin', tag: 'audit', summary: 'The operation log of admin and platform changes' },
  { method: 'PUT', path: '/users/{userId}', procedure: 'users.upsert', role: 'admin', tag: 'users', summary: 'Create or update a user of the organization and their contact details' },
  { method: 'GET', path: '/rules', procedure: 'rules.list', role: 'admin', tag: 'routing', summary: "The organization's routing rules and the platform defaults, in evaluation order" },
  { method: 'POST', path: '/rules', procedure: 'rules.create', role: 'admin', tag: 'routing', summary: 'Create a routing rule (platform: orgId * for every organization)' },
  { method: 'POST', path: '/rules/test', procedure: 'rules.test', role: 'admin', tag: 'routing', summary: 'Dry run: which rules match a message for a user, and what would happen, with reasons' },
  { method: 'GET', path: '/rules/{ruleId}', procedure: 'rules.get', role: 'admin', tag: 'routing', summary: 'One routing rule (webhook secrets are never shown)' },
  { method: 'PUT', path: '/rules/{ruleId}', procedure: 'rules.update', role: 'admin', tag: 'routing', summary: 'Replace a routing rule' },
  { method: 'DELETE', path: '/rules/{ruleId}', procedure: 'rules.delete', role: 'admin', tag: 'routing', summary: 'Delete a routing rule' },
  { method: 'GET', path: '/preferences', procedure: 'preferences.get', role: 'user', tag: 'routing', summary: "The caller's delivery preferences (scope=ORG: the organization's defaults, admins)" },
  { method: 'PUT', path: '/preferences', procedure: 'preferences.update', role: 'user', tag: 'routing', summary: 'Update delivery preferences: channels per type and category, quiet hours, time zone' },
  { method: 'GET', path: '/deliveries', procedure: 'deliveries.list', role: 'admin', tag: 'routing', summary: 'External deliveries (EMAIL, SMS, WEBHOOK) of a message: status, attempts, last error' },
  { method: 'POST', path: '/deliveries/{deliveryId}/retry', procedure: 'deliveries.retry', role: 'admin', tag: 'routing', summary: 'Queue a FAILED delivery again' },
  { method: 'GET', path: '/presence/online', procedure: 'presence.online', role: 'admin', tag: 'presence', summary: 'Online users of the organization' },
  { method: 'GET', path: '/presence/status', procedure: 'presence.status', role: 'user', tag: 'presence', summary: 'Whether each given user is online' },

  { method: 'GET', path: '/auth/whoami', procedure: 'auth.whoami', role: 'user', tag: 'auth', summary: 'The verified caller' },
  { method: 'GET', path: '/auth/dev-sign-in', procedure: 'auth.devSignInEnabled', role: 'public', tag: 'auth', summary: 'Whether development sign-in is enabled' },
  { method: 'POST', path: '/auth/dev-sign-in', procedure: 'auth.devSignIn', role: 'public', tag: 'auth', summary: 'Development only: a token without credentials (refused unless MC_DEV_AUTH is on)' },
];

/**
 * Procedures deliberately without a REST operation, and why. A test fails when any other
 * procedure lacks one.
 */
export const NOT_ON_REST: Readonly<Record<string, string>> = {
  'realtime.events': 'a subscription: served as Server-Sent Events at GET /api/v1/events',
  'stats.live': 'an admin subscription for the console; use tRPC over WebSocket',
};
