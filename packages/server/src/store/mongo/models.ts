import { outboxSchema, preferenceSchema, ruleSchema, type OutboxDoc, type PreferenceDoc, type RuleDoc } from './models-routing.js';
import { Schema, type Connection, type Model } from 'mongoose';
import { auditSchema, systemDismissalSchema, systemNoticeSchema, type AuditDoc, type SystemDismissalDoc, type SystemNoticeDoc } from './models-admin.js';
import type { DailyCounter, Group, InboxStateRow, MessageMetadata, StoredMessage, Template } from '../../domain/index.js';

/*
 * Document shapes follow seed §4.2.1, with the fields the port indexes (audience, seq, tokens).
 * Natural keys that are globally unique (message and template ids) are the `_id`, so inserting
 * twice is a duplicate-key error (idempotent insert) and point reads need no second index.
 */

/** `messages`: one document per message, whatever the number of recipients (`_id` = messageId). */
export interface MessageDoc extends Omit<StoredMessage, 'messageId' | 'metadata'> {
  _id: string;
  metadata: MessageMetadata;
}

/** `user_message_status`: a user's state of one message, once it changed (fan-out on read). */
export type StateDoc = InboxStateRow;

/** `groups` (user groups and roles) with their members embedded. */
export type GroupDoc = Group;

/**
 * `message_templates` (current version). Template ids are unique per org: `(orgId, templateId)`
 * is the unique key, `_id` is `compositeKey(orgId, templateId)` for new documents (documents
 * written before ids were per-org keep `_id` = templateId; nothing reads `_id`).
 */
export interface TemplateDoc extends Template {
  _id: string;
}

/** `template_versions`: earlier versions of a template, written before each replace. */
export type TemplateVersionDoc = Omit<TemplateDoc, '_id'>;

/** `stats_daily`: counters per org × day × message type, maintained with `$inc`. */
export type DailyStatsDoc = DailyCounter;

/** `users`: users the server has seen in tokens. */
export interface UserDoc {
  orgId: string;
  userId: string;
  name: string | null;
  email?: string | null;
  phone?: string | null;
  timeZone?: string | null;
  locale?: string | null;
  createTime: Date;
  updateTime: Date;
}

/** `idempotency_keys`: send-side idempotency claims. */
export interface IdempotencyDoc {
  orgId: string;
  key: string;
  messageId: string;
  createTime: Date;
}

const nullableDate = { type: Date, default: null };
const options = { versionKey: false, minimize: false, strict: true } as const;

const messageSchema = new Schema<MessageDoc>(
  {
    _id: { type: String, required: true },
    orgId: { type: String, required: true },
    audience: { type: String, required: true },
    seq: { type: String, default: '' },
    status: { type: String, required: true },
    senderId: { type: String, required: true },
    senderName: { type: String, default: '' },
    receiverType: { type: String, required: true },
    receiverId: { type: String, required: true },
    messageType: { type: String, required: true },
    title: { type: String, default: '' },
    content: { type: String, default: '' },
    priority: { type: String, required: true },
    category: { type: String, default: '' },
    metadata: { type: Schema.Types.Mixed, default: () => ({}) },
    tokens: { type: [String], default: [] },
    deliverAt: nullableDate,
    expireTime: nullableDate,
    createTime: { type: Date, required: true },
    updateTime: { type: Date, required: true },
    recipientCount: { type: Number, default: 0 },
    readCount: { type: Number, default: 0 },
  },
  { ...options, collection: 'messages' },
);

const stateSchema = new Schema<StateDoc>(
  {
    messageId: { type: String, required: true },
    userId: { type: String, required: true },
    orgId: { type: String, required: true },
    state: { type: String, required: true },
    archived: { type: Boolean, default: false },
    deliveredTime: nullableDate,
    readTime: nullableDate,
    deleteTime: nullableDate,
    createTime: { type: Date, required: true },
    updateTime: { type: Date, required: true },
  },
  { ...options, collection: 'user_message_status' },
);

const groupSchema = new Schema<GroupDoc>(
  {
    orgId: { type: String, required: true },
    groupId: { type: String, required: true },
    name: { type: String, required: true },
    type: { type: String, required: true },
    description: { type: String, default: '' },
    members: { type: [String], default: [] },
    createTime: { type: Date, required: true },
    updateTime: { type: Date, required: true },
  },
  { ...options, collection: 'groups' },
);

const templateFields = {
  orgId: { type: String, required: true },
  name: { type: String, required: true },
  category: { type: String, default: '' },
  messageType: { type: String, required: true },
  priority: { type: String, required: true },
  title: { type: String, default: '' },
  content: { type: String, default: '' },
  variables: { type: Schema.Types.Mixed, default: () => [] },
  enabled: { type: Boolean, default: true },
  version: { type: Number, required: true },
  createTime: { type: Date, required: true },
  updateTime: { type: Date, required: true },
};

const templateSchema = new Schema<TemplateDoc>(
  { _id: { type: String, required: true }, templateId: { type: String, required: true }, ...templateFields },
  { ...options, collection: 'message_templates' },
);

const templateVersionSchema = new Schema<TemplateVersionDoc>(
  { templateId: { type: String, required: true }, ...templateFields },
  { ...options, collection: 'template_versions' },
);

const counter = { type: Number, default: 0 };
const dailyStatsSchema = new Schema<DailyStatsDoc>(
  {
    orgId: { type: String, required: true },
    day: { type: String, required: true },
    messageType: { type: String, required: true },
    total: counter,
    delivered: counter,
    read: counter,
    readTimeSum: counter,
  },
  { ...options, collection: 'stats_daily' },
);

const userSchema = new Schema<UserDoc>(
  {
    orgId: { type: String, required: true },
    userId: { type: String, required: true },
    name: { type: String, default: null },
    email: { type: String, default: null },
    phone: { type: String, default: null },
    timeZone: { type: String, default: null },
    locale: { type: String, default: null },
    createTime: { type: Date, required: true },
    updateTime: { type: Date, required: true },
  },
  { ...options, collection: 'users' },
);

const idempotencySchema = new Schema<IdempotencyDoc>(
  {
    orgId: { type: String, required: true },
    key: { type: String, required: true },
    messageId: { type: String, required: true },
    createTime: { type: Date, required: true },
  },
  { ...options, collection: 'idempotency_keys' },
);

/** Every model of the store, bound to one connection. */
export interface MongoModels {
  messages: Model<MessageDoc>;
  states: Model<StateDoc>;
  groups: Model<GroupDoc>;
  templates: Model<TemplateDoc>;
  templateVersions: Model<TemplateVersionDoc>;
  dailyStats: Model<DailyStatsDoc>;
  users: Model<UserDoc>;
  idempotencyKeys: Model<IdempotencyDoc>;
  systemNotices: Model<SystemNoticeDoc>;
  systemDismissals: Model<SystemDismissalDoc>;
  auditLog: Model<AuditDoc>;
  routingRules: Model<RuleDoc>;
  preferences: Model<PreferenceDoc>;
  outbox: Model<OutboxDoc>;
}

/** Registers the models on `conn` (indexes are applied separately, see `indexes.ts`). */
export function defineModels(conn: Connection): MongoModels {
  return {
    messages: conn.model<MessageDoc>('Message', messageSchema),
    states: conn.model<StateDoc>('UserMessageStatus', stateSchema),
    groups: conn.model<GroupDoc>('Group', groupSchema),
    templates: conn.model<TemplateDoc>('MessageTemplate', templateSchema),
    templateVersions: conn.model<TemplateVersionDoc>('TemplateVersion', templateVersionSchema),
    dailyStats: conn.model<DailyStatsDoc>('DailyStats', dailyStatsSchema),
    users: conn.model<UserDoc>('User', userSchema),
    idempotencyKeys: conn.model<IdempotencyDoc>('IdempotencyKey', idempotencySchema),
    systemNotices: conn.model<SystemNoticeDoc>('SystemNotice', systemNoticeSchema),
    systemDismissals: conn.model<SystemDismissalDoc>('SystemDismissal', systemDismissalSchema),
    auditLog: conn.model<AuditDoc>('AuditEntry', auditSchema),
    routingRules: conn.model<RuleDoc>('RoutingRule', ruleSchema),
    preferences: conn.model<PreferenceDoc>('Preference', preferenceSchema),
    outbox: conn.model<OutboxDoc>('OutboxDelivery', outboxSchema),
  };
}
