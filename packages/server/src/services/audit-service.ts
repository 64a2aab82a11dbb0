import {
  forbidden,
  hasRole,
  newTimeOrderedId,
  type AuditEntry,
  type AuditListInput,
  type Principal,
} from '../domain/index.js';
import type { Page } from '../ports/store.js';
import type { ServiceDeps } from './deps.js';

/** The diff kept per entry is cut at this many characters. */
const DIFF_MAX_CHARS = 2_000;
/** Keys whose values never reach the log. */
const SECRET_KEY = /secret|password|token|auth|credential/i;
/** Input or result fields that name what a mutation changed, in order of preference. */
const TARGET_KEYS = [
  'templateId',
  'groupId',
  'ruleId',
  'notificationId',
  'userId',
  'messageId',
] as const;
/** Default retention of the operation log. */
export const AUDIT_RETENTION_DAYS_DEFAULT = 180;

/**
 * The operation log (seed §7.4.2): every admin or platform mutation, with actor, org, action,
 * target, time and a compact diff (the change as requested, secrets removed, size-bounded).
 */
export class AuditService {
  constructor(private readonly deps: ServiceDeps) {}

  /** Records a completed mutation. Never throws: a failed log write must not undo the change. */
  async record(p: Principal, action: string, input: unknown, result: unknown): Promise<void> {
    const now = this.deps.now();
    const entry: AuditEntry = {
      auditId: `aud_${newTimeOrderedId(now.getTime())}`,
      orgId: p.orgId,
      actorId: p.userId,
      action,
      targetId: targetOf(input) ?? targetOf(result),
      diff: compactDiff(input),
      createTime: now,
    };
    await this.deps.store.audit
      .insert(entry)
      .catch((err: unknown) =>
        this.deps.logger.error({ err, action }, 'could not write the audit log'),
      );
  }

  /** `audit.list`: admins see their own org; platform operators any org, or `*` = all. */
  async list(
    p: Principal,
    input: AuditListInput,
  ): Promise<Page<AuditEntry> & { page: number; size: number }> {
    let orgId: string | null = p.orgId;
    if (input.orgId !== undefined && input.orgId !== p.orgId) {
      if (!hasRole(p, 'platform'))
        throw forbidden("Only platform operators may read another organization's audit log");
      orgId = input.orgId === '*' ? null : input.orgId;
    }
    const res = await this.deps.store.audit.list({
      orgId,
      action: input.action,
      actorId: input.actorId,
      from: input.from,
      to: input.to,
      limit: input.size,
      offset: (input.page - 1) * input.size,
    });
    return { ...res, page: input.page, size: input.size };
  }

  /** Deletes entries older than the retention (`MC_AUDIT_RETENTION_DAYS`). Returns how many. */
  async purge(
    retentionDays = this.deps.auditRetentionDays ?? AUDIT_RETENTION_DAYS_DEFAULT,
  ): Promise<number> {
    const before = new Date(this.deps.now().getTime() - retentionDays * 86_400_000);
    let total = 0;
    for (;;) {
      const n = await this.deps.store.audit.purgeBefore(before, 1000);
      total += n;
      if (n < 1000) return total;
    }
  }
}

function targetOf(value: unknown): string | null {
  if (!value || typeof value !== 'object') return null;
  const record = value as Record<string, unknown>;
  for (const key of TARGET_KEYS) {
    const v = record[key];
    if (typeof v === 'string' || typeof v === 'number') return String(v);
  }
  return null;
}

/** JSON of the change with secret-looking keys masked, cut to a bounded size. */
export function compactDiff(input: unknown): string {
  let text: string;
  try {
    text =
      JSON.stringify(input ?? null, (key, value: unknown) =>
        key && SECRET_KEY.test(key) ? '[redacted]' : value,
      ) ?? 'null';
  } catch {
    text = '"[unserializable]"';
  }
  return text.length > DIFF_MAX_CHARS ? `${text.slice(0, DIFF_MAX_CHARS - 1)}…` : text;
}
