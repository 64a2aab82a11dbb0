import { Schema } from 'mongoose';
import type { AuditEntry, SystemAction } from '../../domain/index.js';

const options = { versionKey: false, minimize: false, strict: true } as const;

/** `system_notices`: one document per notification (`_id` = notificationId; orgId `*` = every org). */
export interface SystemNoticeDoc {
  _id: string;
  orgId: string;
  level: string;
  title: string;
  content: string;
  actions: SystemAction[];
  senderId: string;
  createTime: Date;
  expireTime: Date;
}

/** `system_dismissals`: a user dismissed a notification. */
export interface SystemDismissalDoc {
  orgId: string;
  userId: string;
  notificationId: string;
  createTime: Date;
}

/** `audit_log`: the operation log (`_id` = auditId). */
export interface AuditDoc extends Omit<AuditEntry, 'auditId'> {
  _id: string;
}

export const systemNoticeSchema = new Schema<SystemNoticeDoc>(
  {
    _id: { type: String, required: true },
    orgId: { type: String, required: true },
    level: { type: String, required: true },
    title: { type: String, required: true },
    content: { type: String, default: '' },
    actions: { type: Schema.Types.Mixed, default: () => [] },
    senderId: { type: String, required: true },
    createTime: { type: Date, required: true },
    expireTime: { type: Date, required: true },
  },
  { ...options, collection: 'system_notices' },
);

export const systemDismissalSchema = new Schema<SystemDismissalDoc>(
  {
    orgId: { type: String, required: true },
    userId: { type: String, required: true },
    notificationId: { type: String, required: true },
    createTime: { type: Date, required: true },
  },
  { ...options, collection: 'system_dismissals' },
);

export const auditSchema = new Schema<AuditDoc>(
  {
    _id: { type: String, required: true },
    orgId: { type: String, required: true },
    actorId: { type: String, required: true },
    action: { type: String, required: true },
    targetId: { type: String, default: null },
    diff: { type: String, default: '' },
    createTime: { type: Date, required: true },
  },
  { ...options, collection: 'audit_log' },
);
