import { z } from 'zod';
import type { inferRouterOutputs } from '@trpc/server';
import { GroupType, InboxState, MessageStatus, MessageType, Priority, ReceiverType, Role, VariableType } from '../../domain/index.js';
import type { AppRouter } from '../../trpc/root.js';
import { ROUTING_RESPONSES } from './responses-routing.js';

/**
 * What each REST operation returns in `data`, as zod schemas in their JSON form (dates are
 * ISO-8601 strings). Enums come from the domain; the compile-time checks at the bottom fail the
 * build when a procedure's output stops fitting its schema, so the OpenAPI document cannot drift.
 */

const IsoDate = z.iso.datetime({ offset: true });

const MetadataOut = z.looseObject({
  actionUrl: z.string().optional(),
  actionText: z.string().optional(),
  attachments: z.array(z.object({ name: z.string(), url: z.string(), type: z.string() })).optional(),
  templateId: z.string().optional(),
  templateVersion: z.number().int().optional(),
  businessId: z.string().optional(),
  customData: z.record(z.string(), z.unknown()).optional(),
});

const MessageFields = {
  messageId: z.string(),
  orgId: z.string(),
  senderId: z.string(),
  senderName: z.string(),
  receiverType: ReceiverType,
  receiverId: z.string(),
  messageType: MessageType,
  title: z.string(),
  content: z.string(),
  priority: Priority,
  category: z.string(),
  metadata: MetadataOut,
  status: MessageStatus,
  deliverAt: IsoDate.nullable(),
  expireTime: IsoDate.nullable(),
  createTime: IsoDate,
  updateTime: IsoDate,
};

/** One recipient's copy of a message. */
const InboxItemOut = z.object({
  ...MessageFields,
  seq: z.string(),
  state: InboxState,
  archived: z.boolean(),
  deliveredTime: IsoDate.nullable(),
  readTime: IsoDate.nullable(),
});
const OrgMessageOut = z.object({ ...MessageFields, recipientCount: z.number().int(), readCount: z.number().int() });

const pageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), total: z.number().int(), page: z.number().int(), size: z.number().int() });

const SystemNotificationOut = z.object({
  notificationId: z.string(),
  orgId: z.string().nullable(),
  level: z.enum(['INFO', 'WARNING', 'CRITICAL']),
  title: z.string(),
  content: z.string(),
  actions: z.array(z.object({ label: z.string(), url: z.string() })),
  senderId: z.string(),
  createTime: IsoDate,
  expireTime: IsoDate,
});

const AuditEntryOut = z.object({
  auditId: z.string(),
  orgId: z.string(),
  actorId: z.string(),
  action: z.string(),
  targetId: z.string().nullable(),
  diff: z.string(),
  createTime: IsoDate,
});

const UserContactOut = z.object({
  orgId: z.string(),
  userId: z.string(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  timeZone: z.string().nullable(),
  locale: z.string().nullable(),
  createTime: IsoDate,
  updateTime: IsoDate,
});

const InboxPageOut = pageOf(InboxItemOut).extend({ nextCursor: z.string().nullable() });
const ByType = z.record(MessageType, z.number().int());
const UnreadCountOut = z.object({ total: z.number().int(), byType: ByType });
const SendResultOut = z.object({ messageId: z.string(), status: MessageStatus, online: z.boolean() });
const GroupSendResultOut = z.object({ messageId: z.string(), status: MessageStatus, recipients: z.number().int() });

const TemplateVariableOut = z.object({ name: z.string(), type: VariableType, required: z.boolean(), default: z.unknown().optional(), description: z.string().optional() });
const TemplateOut = z.object({
  templateId: z.string(),
  orgId: z.string(),
  name: z.string(),
  category: z.string(),
  messageType: MessageType,
  priority: Priority,
  title: z.string(),
  content: z.string(),
  variables: z.array(TemplateVariableOut),
  enabled: z.boolean(),
  version: z.number().int(),
  createTime: IsoDate,
  updateTime: IsoDate,
});
const Severity = z.enum(['error', 'warning']);
const DiagnosticOut = z.looseObject({ severity: Severity, code: z.string(), message: z.string(), variable: z.string().optional() });
const VariableDiagnosticOut = z.looseObject({ severity: Severity, code: z.string(), message: z.string(), variable: z.string(), index: z.number().int().optional() });
const DiagnosticsOut = z.object({ title: z.array(DiagnosticOut), content: z.array(DiagnosticOut), variables: z.array(VariableDiagnosticOut), hasErrors: z.boolean() });
const PreviewOut = z.object({
  title: z.string().nullable(),
  content: z.string().nullable(),
  diagnostics: DiagnosticsOut.extend({ values: z.array(VariableDiagnosticOut) }),
  hasErrors: z.boolean(),
});
const TemplateSendResultOut = z.object({ messageId: z.string(), status: z.string(), recipients: z.number().int(), templateVersion: z.number().int() });

const GroupOut = z.object({
  groupId: z.string(),
  orgId: z.string(),
  name: z.string(),
  type: GroupType,
  description: z.string(),
  members: z.array(z.string()),
  createTime: IsoDate,
  updateTime: IsoDate,
});

const DailyStatOut = z.object({ date: z.string(), total: z.number().int(), delivered: z.number().int(), read: z.number().int(), readRate: z.number() });
const TypeStatOut = z.object({ messageType: MessageType, count: z.number().int(), delivered: z.number().int(), read: z.number().int(), readRate: z.number() });
/** Seed §6.1.3 statistics shape. */
const StatsOverviewOut = z.object({
  startDate: z.string(),
  endDate: z.string(),
  total: z.number().int(),
  delivered: z.number().int(),
  read: z.number().int(),
  readRate: z.number(),
  avgReadTime: z.number(),
  dailyStats: z.array(DailyStatOut),
  typeStats: z.array(TypeStatOut),
});
const UserStatsOut = z.object({
  userId: z.string(),
  total: z.number().int(),
  unread: z.number().int(),
  read: z.number().int(),
  archived: z.number().int(),
  byType: z.partialRecord(MessageType, z.object({ total: z.number().int(), unread: z.number().int() })),
});
const InboxStateRowOut = z.object({
  messageId: z.string(),
  userId: z.string(),
  orgId: z.string(),
  state: InboxState,
  archived: z.boolean(),
  deliveredTime: IsoDate.nullable(),
  readTime: IsoDate.nullable(),
  deleteTime: IsoDate.nullable(),
  createTime: IsoDate,
  updateTime: IsoDate,
});

/** Response `data` schemas, by procedure path. */
export const RESPONSES = {
  'auth.whoami': z.object({ userId: z.string(), orgId: z.string(), roles: z.array(Role), name: z.string().optional(), expiresAt: z.number().optional() }),
  'auth.devSignInEnabled': z.boolean(),
  'auth.devSignIn': z.object({ token: z.string() }),
  'messages.send': SendResultOut,
  'messages.sendMany': z.object({
    results: z.array(
      z.union([
        z.object({ messageId: z.string(), status: MessageStatus }),
        z.object({ error: z.object({ appCode: z.string(), message: z.string(), fieldPaths: z.array(z.string()).optional() }) }),
      ]),
    ),
  }),
  'messages.sendToGroup': GroupSendResultOut,
  'messages.broadcast': GroupSendResultOut,
  'messages.list': InboxPageOut,
  'messages.get': InboxItemOut,
  'messages.markRead': InboxItemOut,
  'messages.markUnread': InboxItemOut,
  'messages.batchRead': z.object({ updated: z.number().int() }),
  'messages.archive': InboxItemOut,
  'messages.delete': z.object({ deleted: z.boolean() }),
  'messages.batchDelete': z.object({ deleted: z.number().int() }),
  'messages.unreadCount': UnreadCountOut,
  'messages.search': InboxPageOut,
  'messages.ack': z.object({ state: InboxState }),
  'messages.orgList': pageOf(OrgMessageOut),
  'messages.recipients': z.object({ message: OrgMessageOut, states: z.array(InboxStateRowOut) }),
  'groups.create': GroupOut,
  'groups.get': GroupOut,
  'groups.list': pageOf(GroupOut),
  'groups.update': GroupOut,
  'groups.delete': z.object({ deleted: z.literal(true) }),
  'groups.addMembers': GroupOut,
  'groups.removeMembers': GroupOut,
  'stats.overview': StatsOverviewOut,
  'stats.user': UserStatsOut,
  'stats.trending': z.array(OrgMessageOut),
  'presence.online': z.object({ userIds: z.array(z.string()), count: z.number().int() }),
  'presence.status': z.record(z.string(), z.boolean()),
  'templates.create': TemplateOut,
  'templates.update': TemplateOut,
  'templates.delete': z.object({ deleted: z.literal(true) }),
  'templates.get': TemplateOut,
  'templates.list': pageOf(TemplateOut),
  'templates.history': z.array(TemplateOut),
  'templates.validate': DiagnosticsOut,
  'templates.preview': PreviewOut,
  'templates.send': TemplateSendResultOut,
  'system.notify': SystemNotificationOut,
  'system.dismiss': z.object({ dismissed: z.literal(true) }),
  'system.list': pageOf(SystemNotificationOut),
  'audit.list': pageOf(AuditEntryOut),
  'users.upsert': UserContactOut,
  ...ROUTING_RESPONSES,
} as const satisfies Record<string, z.ZodType>;

/** Procedure paths that have a REST response schema. */
export type RestProcedurePath = keyof typeof RESPONSES;

/** A value as `JSON.stringify` sends it: dates become strings. */
type Json<T> = T extends Date ? string : T extends readonly (infer U)[] ? Json<U>[] : T extends object ? { [K in keyof T]: Json<T[K]> } : T;
type Outputs = inferRouterOutputs<AppRouter>;
type OutputAt<P extends string> = P extends `${infer R}.${infer N}` ? (R extends keyof Outputs ? (N extends keyof Outputs[R] ? Outputs[R][N] : never) : never) : never;

/** Compile-time: every procedure's JSON output is assignable to its documented schema. */
type Fits = { [P in RestProcedurePath]: Json<OutputAt<P>> extends z.output<(typeof RESPONSES)[P]> ? true : P };
type Misfits = Exclude<Fits[RestProcedurePath], true>;
/** Fails to compile, naming the procedure, when an output does not fit. */
const everyOutputFits: [Misfits] extends [never] ? true : Misfits = true;
void everyOutputFits;
