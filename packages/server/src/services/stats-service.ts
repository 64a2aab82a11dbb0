import { forbidden, hasRole, invalidInput, toMessage, type Message, type MessageType, type Principal } from '../domain/index.js';
import type { UserInboxSummary } from '../ports/store.js';
import type { ServiceDeps } from './deps.js';
import type { RateLimits } from './messaging/rate-limits.js';

export interface DailyStat {
  /** First day of the period (`YYYY-MM-DD`): the day, the ISO week's Monday, or the month's 1st. */
  date: string;
  total: number;
  delivered: number;
  read: number;
  readRate: number;
  deliveryRate: number;
}

export interface TypeStat {
  messageType: MessageType;
  /** Recipients counted for this type (seed §6.1.3 `count`). */
  count: number;
  delivered: number;
  read: number;
  readRate: number;
}

/** `stats.overview` (seed §6.1.3 shape). */
export interface StatsOverview {
  startDate: string;
  endDate: string;
  groupBy: StatsPeriod;
  /** Audience: recipients known when each message was sent (group members, org users seen). */
  total: number;
  /** Recipients the message reached on at least one device (each counted once). */
  delivered: number;
  read: number;
  /** read / delivered (0 when nothing was delivered). */
  readRate: number;
  /** delivered / total (0 when there was no audience). */
  deliveryRate: number;
  /** Mean seconds from visible (sent, or fired when scheduled) to first read. */
  avgReadTime: number;
  dailyStats: DailyStat[];
  typeStats: TypeStat[];
}

export interface TrendingMessage extends Message {
  readCount: number;
  recipientCount: number;
}

/** Buckets of `dailyStats`. */
export type StatsPeriod = 'day' | 'week' | 'month';

const PERIOD_MS = { '24h': 86_400_000, '7d': 7 * 86_400_000, '30d': 30 * 86_400_000 } as const;
const MAX_RANGE_DAYS = 366;
const rate = (read: number, delivered: number) => (delivered > 0 ? Math.round((read / delivered) * 10_000) / 10_000 : 0);

/** Statistics from incremental counters: never a scan of messages. */
export class StatsService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly rateLimits: RateLimits,
  ) {}

  /** Which org's numbers the caller may see: their own, or (platform) any org or `*` = all. */
  private scope(p: Principal, orgId: string | undefined): string | null {
    if (!orgId || orgId === p.orgId) return p.orgId;
    if (!hasRole(p, 'platform')) throw forbidden("Only platform operators may read another organization's statistics");
    return orgId === '*' ? null : orgId;
  }

  async overview(p: Principal, input: { startDate: string; endDate: string; groupBy?: StatsPeriod; orgId?: string }): Promise<StatsOverview> {
    await this.rateLimits.enforceRead(p);
    const groupBy = input.groupBy ?? 'day';
    const days = daysBetween(input.startDate, input.endDate);
    const rows = await this.deps.store.stats.range(this.scope(p, input.orgId), input.startDate, input.endDate);
    const byDay = new Map(days.map((d) => [periodStart(d, groupBy), { total: 0, delivered: 0, read: 0 }]));
    const byType = new Map<MessageType, { count: number; delivered: number; read: number }>();
    let readTimeSum = 0;
    for (const r of rows) {
      const d = byDay.get(periodStart(r.day, groupBy));
      if (d) {
        d.total += r.total;
        d.delivered += r.delivered;
        d.read += r.read;
      }
      const t = byType.get(r.messageType) ?? { count: 0, delivered: 0, read: 0 };
      t.count += r.total;
      t.delivered += r.delivered;
      t.read += r.read;
      byType.set(r.messageType, t);
      readTimeSum += r.readTimeSum;
    }
    const total = rows.reduce((s, r) => s + r.total, 0);
    const delivered = rows.reduce((s, r) => s + r.delivered, 0);
    const read = rows.reduce((s, r) => s + r.read, 0);
    return {
      startDate: input.startDate,
      endDate: input.endDate,
      groupBy,
      total,
      delivered,
      read,
      readRate: rate(read, delivered),
      deliveryRate: rate(delivered, total),
      avgReadTime: read > 0 ? Math.round((readTimeSum / read) * 10) / 10 : 0,
      dailyStats: [...byDay].map(([date, d]) => ({ date, ...d, readRate: rate(d.read, d.delivered), deliveryRate: rate(d.delivered, d.total) })),
      typeStats: [...byType]
        .map(([messageType, t]) => ({ messageType, ...t, readRate: rate(t.read, t.delivered) }))
        .sort((a, b) => b.count - a.count),
    };
  }

  /** The caller's own inbox numbers. */
  async user(p: Principal, summary: UserInboxSummary): Promise<UserInboxSummary & { userId: string }> {
    return { userId: p.userId, ...summary };
  }

  /** Most-read visible messages of the period. */
  async trending(p: Principal, input: { period: keyof typeof PERIOD_MS; limit: number; orgId?: string }): Promise<TrendingMessage[]> {
    await this.rateLimits.enforceRead(p);
    const now = this.deps.now();
    const since = new Date(now.getTime() - PERIOD_MS[input.period]);
    const rows = await this.deps.store.messages.trending(this.scope(p, input.orgId), since, now, input.limit);
    return rows.map((m) => Object.assign(toMessage(m), { readCount: m.readCount, recipientCount: m.recipientCount }));
  }
}

/** Every `YYYY-MM-DD` from start to end inclusive; refuses reversed or over-long ranges. */
export function daysBetween(start: string, end: string): string[] {
  const s = Date.parse(`${start}T00:00:00Z`);
  const e = Date.parse(`${end}T00:00:00Z`);
  if (Number.isNaN(s)) throw invalidInput(`startDate ${start} is not a valid date`, ['startDate']);
  if (Number.isNaN(e)) throw invalidInput(`endDate ${end} is not a valid date`, ['endDate']);
  if (e < s) throw invalidInput('endDate must not be before startDate', ['endDate']);
  const n = Math.round((e - s) / 86_400_000) + 1;
  if (n > MAX_RANGE_DAYS) throw invalidInput(`A range may span at most ${MAX_RANGE_DAYS} days`, ['endDate']);
  return Array.from({ length: n }, (_, i) => new Date(s + i * 86_400_000).toISOString().slice(0, 10));
}

/** The first day of the `period` containing `day` (weeks start on Monday, ISO 8601). */
export function periodStart(day: string, period: StatsPeriod): string {
  if (period === 'day') return day;
  if (period === 'month') return `${day.slice(0, 7)}-01`;
  const t = Date.parse(`${day}T00:00:00Z`);
  const weekday = (new Date(t).getUTCDay() + 6) % 7;
  return new Date(t - weekday * 86_400_000).toISOString().slice(0, 10);
}
