import { z } from 'zod';
import { MessageType, Priority, VariableType } from './enums.js';
import { ExternalId } from './ids.js';
import { FreeJsonObject, FreeJsonValue } from './free-json.js';
import { MessageMetadata } from './message.js';

export const TemplateVariableInput = z.object({
  name: z.string().trim().min(1).max(64).regex(/^[\p{L}_][\p{L}\p{N}_]*$/u, 'must be a letter or _ followed by letters, digits or _'),
  type: VariableType,
  required: z.boolean().default(false),
  default: FreeJsonValue.optional(),
  description: z.string().max(500).optional(),
});

const TemplateSourceFields = {
  title: z.string().max(1_000),
  content: z.string().max(50_000),
  variables: z.array(TemplateVariableInput).max(100).default([]),
};

export const TemplateCreateInput = z.object({
  templateId: ExternalId.optional(),
  name: z.string().trim().min(1).max(128),
  category: z.string().trim().max(64).default('GENERAL'),
  messageType: MessageType.default('NOTIFICATION'),
  priority: Priority.default('NORMAL'),
  enabled: z.boolean().default(true),
  ...TemplateSourceFields,
});
export type TemplateCreateInput = z.infer<typeof TemplateCreateInput>;

export const TemplateUpdateInput = z.object({
  templateId: ExternalId,
  /** Optimistic concurrency: the version the editor started from. */
  expectedVersion: z.number().int().positive().optional(),
  name: z.string().trim().min(1).max(128).optional(),
  category: z.string().trim().max(64).optional(),
  messageType: MessageType.optional(),
  priority: Priority.optional(),
  enabled: z.boolean().optional(),
  title: TemplateSourceFields.title.optional(),
  content: TemplateSourceFields.content.optional(),
  variables: z.array(TemplateVariableInput).max(100).optional(),
});
export type TemplateUpdateInput = z.infer<typeof TemplateUpdateInput>;

export const TemplateIdInput = z.object({ templateId: ExternalId });
export const TemplateListInput = z
  .object({
    category: z.string().max(64).optional(),
    enabled: z.boolean().optional(),
    q: z.string().max(128).optional(),
    page: z.number().int().min(1).max(10_000).default(1),
    size: z.number().int().min(1).max(100).default(20),
  })
  .default({ page: 1, size: 20 });
export const TemplateValidateInput = z.object(TemplateSourceFields);

const Values = FreeJsonObject.default({});

export const TemplatePreviewInput = z.union([
  z.object({ templateId: ExternalId, values: Values, timeZone: z.string().max(64).optional() }),
  z.object({ source: z.object(TemplateSourceFields), values: Values, timeZone: z.string().max(64).optional() }),
]);
export type TemplatePreviewInput = z.infer<typeof TemplatePreviewInput>;

export const TemplateSendInput = z
  .object({
    templateId: ExternalId,
    receiverId: ExternalId.optional(),
    groupId: ExternalId.optional(),
    groupType: z.enum(['USER_GROUP', 'ROLE', 'ORGANIZATION']).optional(),
    scope: z.enum(['ORGANIZATION', 'ALL_USERS']).optional(),
    values: Values,
    metadata: MessageMetadata.default({}),
    timeZone: z.string().max(64).optional(),
    expireTime: z.coerce.date<Date | string>().optional(),
    deliverAt: z.coerce.date<Date | string>().optional(),
    idempotencyKey: z.string().min(1).max(128).optional(),
  })
  .superRefine((v, ctx) => {
    const targets = [v.receiverId !== undefined, v.groupId !== undefined, v.scope !== undefined].filter(Boolean).length;
    if (targets !== 1) ctx.addIssue({ code: 'custom', path: ['receiverId'], message: 'give exactly one of receiverId, groupId (+ groupType) or scope' });
    if (v.groupId !== undefined && !v.groupType) ctx.addIssue({ code: 'custom', path: ['groupType'], message: 'groupType is required with groupId' });
  });
export type TemplateSendInput = z.infer<typeof TemplateSendInput>;
