import {
  AppCode,
  AppError,
  ROUTING_LIMITS,
  forbidden,
  invalidInput,
  MASKED_SECRET,
  hasRole,
  newTimeOrderedId,
  notFound,
  publicRule,
  type Principal,
  type PublicRoutingRule,
  type RoutingRule,
  type RuleCreateInput,
  type WebhookTarget,
  type RuleTestInput,
  type RuleUpdateInput,
} from '../../domain/index.js';
import type { ServiceDeps } from '../deps.js';
import { evaluateRules, type RoutingDecision } from './evaluate.js';
import { recipientOf } from './recipient.js';
import { forgetRules } from './rule-cache.js';

/** What `rules.test` answers: every rule's verdict, the in-app timing and the channels. */
export interface RuleTestResult extends Omit<RoutingDecision, 'channels'> {
  channels: (Omit<RoutingDecision['channels'][number], 'webhook'> & { webhookUrl?: string })[];
  evaluatedAt: Date;
}

/**
 * `rules.*`: an org admin manages the org's rules; a platform operator also the defaults every
 * org falls back to (`orgId: '*'`). A rule may only name groups of its own org.
 */
export class RulesService {
  constructor(private readonly deps: ServiceDeps) {}

  async create(p: Principal, input: RuleCreateInput): Promise<PublicRoutingRule> {
    const orgId = this.writableOrg(p, input.orgId ?? p.orgId);
    if ((await this.deps.store.rules.count(orgId)) >= ROUTING_LIMITS.rulesPerOrg) {
      throw new AppError(
        AppCode.INVALID_INPUT,
        `An organization has at most ${ROUTING_LIMITS.rulesPerOrg} rules; delete one first`,
        { fieldPaths: [] },
      );
    }
    if (input.actions.webhook?.secret === MASKED_SECRET) throw invalidInput(`actions.webhook.secret: a new webhook needs its secret (${MASKED_SECRET} only keeps a stored one)`, ['actions.webhook.secret']);
    const now = this.deps.now();
    const { orgId: _ignored, ...fields } = input;
    const rule: RoutingRule = {
      ...fields,
      ruleId: `rule_${newTimeOrderedId(now.getTime())}`,
      orgId,
      createTime: now,
      updateTime: now,
    };
    await this.checkGroups(rule);
    await this.deps.store.rules.create(rule);
    forgetRules(this.deps, orgId);
    return publicRule(rule);
  }

  async update(p: Principal, input: RuleUpdateInput): Promise<PublicRoutingRule> {
    const existing = await this.find(p, input.ruleId);
    this.writableOrg(p, existing.orgId);
    const rule: RoutingRule = { ...existing, ...input, actions: { ...input.actions, webhook: keptWebhook(existing, input) }, updateTime: this.deps.now() };
    await this.checkGroups(rule);
    if (!(await this.deps.store.rules.replace(rule))) throw notFound(`Rule ${input.ruleId}`);
    forgetRules(this.deps, rule.orgId);
    return publicRule(rule);
  }

  async delete(p: Principal, ruleId: string): Promise<{ deleted: boolean }> {
    const existing = await this.find(p, ruleId);
    this.writableOrg(p, existing.orgId);
    const deleted = await this.deps.store.rules.delete(existing.orgId, ruleId);
    forgetRules(this.deps, existing.orgId);
    return { deleted };
  }

  async get(p: Principal, ruleId: string): Promise<PublicRoutingRule> {
    return publicRule(await this.find(p, ruleId));
  }

  /** The org's rules and the platform defaults, in evaluation order. */
  async list(p: Principal): Promise<{ items: PublicRoutingRule[] }> {
    const rules = await this.deps.store.rules.list([p.orgId, '*'], ROUTING_LIMITS.rulesPerOrg * 2);
    const ordered = rules.sort(
      (a, b) => Number(a.orgId === '*') - Number(b.orgId === '*') || a.priority - b.priority,
    );
    return { items: ordered.map(publicRule) };
  }

  /** Dry run: which rules match this message for this user now (or at `at`), and what would happen. */
  async test(p: Principal, input: RuleTestInput): Promise<RuleTestResult> {
    const at = input.at ?? this.deps.now();
    const rules = await this.deps.store.rules.list([p.orgId, '*'], ROUTING_LIMITS.rulesPerOrg * 2);
    const { recipient } = await recipientOf(this.deps, {
      orgId: p.orgId,
      receiverType: 'USER',
      receiverId: input.userId,
    });
    const d = evaluateRules(
      rules,
      {
        messageType: input.message.messageType,
        priority: input.message.priority,
        category: input.message.category ?? null,
      },
      recipient,
      at,
    );
    return {
      ...d,
      channels: d.channels.map(({ webhook, ...c }) =>
        webhook ? { ...c, webhookUrl: webhook.url } : c,
      ),
      evaluatedAt: at,
    };
  }

  /** A rule of the caller's org, or a platform default. */
  private async find(p: Principal, ruleId: string): Promise<RoutingRule> {
    const rule =
      (await this.deps.store.rules.get(p.orgId, ruleId)) ??
      (await this.deps.store.rules.get('*', ruleId));
    if (!rule) throw notFound(`Rule ${ruleId}`);
    return rule;
  }

  private writableOrg(p: Principal, orgId: string): string {
    if (orgId !== p.orgId && !hasRole(p, 'platform')) {
      throw forbidden(
        orgId === '*'
          ? 'Only platform operators define rules for every organization'
          : 'Rules of another organization need the platform role',
      );
    }
    return orgId;
  }

  /** Every group and role a rule names must be one of its org's. Defaults name none. */
  private async checkGroups(rule: RoutingRule): Promise<void> {
    const users = rule.conditions.users;
    for (const field of ['groupIds', 'roles'] as const) {
      const ids = users?.[field] ?? [];
      for (const [i, id] of ids.entries()) {
        const path = `conditions.users.${field}.${i}`;
        if (rule.orgId === '*')
          throw new AppError(
            AppCode.INVALID_INPUT,
            'A rule for every organization cannot name groups or roles',
            { fieldPaths: [path] },
          );
        if (!(await this.deps.store.groups.get(rule.orgId, id))) {
          throw new AppError(
            AppCode.INVALID_INPUT,
            `${field === 'roles' ? 'Role' : 'Group'} ${id} is not a group of organization ${rule.orgId}`,
            { fieldPaths: [path] },
          );
        }
      }
    }
  }
}

/**
 * The webhook of an updated rule: a masked secret keeps the stored one, as long as the URL it
 * signs for is unchanged (a secret never follows the rule to another endpoint).
 */
function keptWebhook(existing: RoutingRule, input: RuleUpdateInput): WebhookTarget | undefined {
  const next = input.actions.webhook;
  if (next?.secret !== MASKED_SECRET) return next;
  const stored = existing.actions.webhook;
  if (!stored || stored.url !== next.url) throw invalidInput(`actions.webhook.secret: the webhook URL changed, so give its secret (${MASKED_SECRET} only keeps the stored one for the same URL)`, ['actions.webhook.secret']);
  return stored;
}
