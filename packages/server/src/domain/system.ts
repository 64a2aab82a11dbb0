import { z } from 'zod';
import { ExternalId } from './ids.js';

/** URL schemes an action button may open: never `javascript:`, `data:` or the like. */
export const ACTION_URL_SCHEMES = ['http:', 'https:'] as const;

const ActionUrl = z
  .string()
  .trim()
  .max(2048)
  .refine(
    (v) => {
      try {
        return (ACTION_URL_SCHEMES as readonly string[]).includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    `must be an absolute ${ACTION_URL_SCHEMES.join(' or ')} URL`,
  );

export const SystemLevel = z.enum(['INFO', 'WARNING', 'CRITICAL']);
export type SystemLevel = z.infer<typeof SystemLevel>;

/** A button on a system notification (seed §6.2.2 pop-ups). */
export const SystemAction = z.object({ label: z.string().trim().min(1).max(40), url: ActionUrl });
export type SystemAction = z.infer<typeof SystemAction>;

/** `system.notify` input. `orgId`: platform operators only; `*` = every org. */
export const SystemNotifyInput = z.object({
  level: SystemLevel,
  title: z.string().trim().min(1).max(200),
  content: z.string().max(5_000),
  actions: z.array(SystemAction).max(3).default([]),
  expireTime: z.coerce.date<Date | string>(),
  orgId: z.string().min(1).max(128).optional(),
});
export type SystemNotifyInput = z.infer<typeof SystemNotifyInput>;

export const SystemDismissInput = z.object({ notificationId: z.string().min(1).max(64) });

export const SystemListInput = z
  .object({
    state: z.enum(['ACTIVE', 'EXPIRED', 'ALL']).default('ALL'),
    page: z.number().int().min(1).max(10_000).default(1),
    size: z.number().int().min(1).max(100).default(20),
  })
  .default({ state: 'ALL', page: 1, size: 20 });
export type SystemListInput = z.infer<typeof SystemListInput>;

/**
 * A system notification (maintenance, security): pushed live to the online users of its org (or
 * of every org when `orgId` is null) and shown on connect until it expires or the user dismisses
 * it. Never stored in inboxes.
 */
export interface SystemNotification {
  notificationId: string;
  /** Null = every org (platform). */
  orgId: string | null;
  level: SystemLevel;
  title: string;
  content: string;
  actions: SystemAction[];
  senderId: string;
  createTime: Date;
  expireTime: Date;
}

/** `users.upsert`: contact details the external channels use. */
export const UserUpsertInput = z.object({
  userId: ExternalId,
  name: z.string().trim().max(128).optional(),
  email: z.email().max(254).optional(),
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9 ()-]{3,32}$/, 'must be a phone number (digits, spaces, +, -, parentheses)')
    .optional(),
  timeZone: z
    .string()
    .max(64)
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'must be an IANA time zone such as Europe/Berlin')
    .optional(),
  locale: z
    .string()
    .regex(/^[A-Z]{2,3}(-[A-Z0-9]{2,8})*$/i, 'must be a BCP 47 tag such as zh-CN')
    .optional(),
});
export type UserUpsertInput = z.infer<typeof UserUpsertInput>;

/** A user's record in the built-in directory. */
export interface UserContact {
  orgId: string;
  userId: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  timeZone: string | null;
  locale: string | null;
  createTime: Date;
  updateTime: Date;
}
