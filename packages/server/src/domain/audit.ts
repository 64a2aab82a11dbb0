import { z } from 'zod';

/**
 * One entry of the operation log (seed §7.4.2): which admin changed what, when. `diff` is a
 * compact, size-bounded JSON rendering of the change (the mutation's input, secrets removed).
 */
export interface AuditEntry {
  auditId: string;
  orgId: string;
  actorId: string;
  /** The procedure that made the change, e.g. `templates.update`. */
  action: string;
  /** Id of what was changed (template, group, message, notification, user), when known. */
  targetId: string | null;
  diff: string;
  createTime: Date;
}

/** `audit.list` input. `orgId`: platform operators only. */
export const AuditListInput = z
  .object({
    action: z.string().min(1).max(64).optional(),
    actorId: z.string().min(1).max(128).optional(),
    from: z.coerce.date<Date | string>().optional(),
    to: z.coerce.date<Date | string>().optional(),
    page: z.number().int().min(1).max(10_000).default(1),
    size: z.number().int().min(1).max(100).default(20),
    orgId: z.string().min(1).max(128).optional(),
  })
  .default({ page: 1, size: 20 });
export type AuditListInput = z.infer<typeof AuditListInput>;
