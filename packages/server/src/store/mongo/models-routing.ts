import { Schema } from 'mongoose';
import type { Delivery, Preferences, RoutingRule } from '../../domain/index.js';

const options = { versionKey: false, minimize: false, strict: true } as const;

/** `routing_rules`: one document per rule; the indexed fields beside the rule itself. */
export interface RuleDoc {
  orgId: string;
  ruleId: string;
  priority: number;
  doc: RoutingRule;
}

/** `preferences`: one document per (org, user); user `*` = the org's defaults. */
export interface PreferenceDoc {
  orgId: string;
  userId: string;
  doc: Preferences;
  updateTime: Date;
}

/** `outbox`: one external delivery (`_id` = deliveryId); the claim filters on the top fields. */
export interface OutboxDoc {
  _id: string;
  orgId: string;
  messageId: string;
  status: string;
  nextAttemptAt: Date;
  /** Epoch when no lease is held, so the claim filter needs no null check. */
  leaseUntil: Date;
  leaseToken: string | null;
  createTime: Date;
  doc: Delivery;
}

export const ruleSchema = new Schema<RuleDoc>(
  {
    orgId: { type: String, required: true },
    ruleId: { type: String, required: true },
    priority: { type: Number, required: true },
    doc: { type: Schema.Types.Mixed, required: true },
  },
  { ...options, collection: 'routing_rules' },
);

export const preferenceSchema = new Schema<PreferenceDoc>(
  {
    orgId: { type: String, required: true },
    userId: { type: String, required: true },
    doc: { type: Schema.Types.Mixed, required: true },
    updateTime: { type: Date, required: true },
  },
  { ...options, collection: 'preferences' },
);

export const outboxSchema = new Schema<OutboxDoc>(
  {
    _id: { type: String, required: true },
    orgId: { type: String, required: true },
    messageId: { type: String, required: true },
    status: { type: String, required: true },
    nextAttemptAt: { type: Date, required: true },
    leaseUntil: { type: Date, required: true },
    leaseToken: { type: String, default: null },
    createTime: { type: Date, required: true },
    doc: { type: Schema.Types.Mixed, required: true },
  },
  { ...options, collection: 'outbox' },
);
