import { checkValues, isTemplateBudgetError, preview, validateTemplate, type PreviewResult, type TemplateDiagnostics } from '@message-center/templates';
import {
  AppCode,
  AppError,
  forbidden,
  hasRole,
  invalidInput,
  LIMITS,
  newTimeOrderedId,
  notFound,
  type MessageContent,
  type MessageMetadata,
  type Principal,
  type Template,
  type TemplateCreateInput,
  type TemplatePreviewInput,
  type TemplateSendInput,
  type TemplateUpdateInput,
  type TemplateVariable,
} from '../../domain/index.js';
import type { ServiceDeps } from '../deps.js';
import type { MessagingService } from '../messaging/messaging-service.js';
import type { MessageRenderer } from './message-renderer.js';

export interface TemplateSendResult {
  messageId: string;
  status: string;
  recipients: number;
  templateVersion: number;
}

/** Templates of an org: authoring with validation, previews, and sending from a template. */
export class TemplateService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly messaging: MessagingService,
    private readonly renderer: MessageRenderer,
  ) {}

  /** Validates title + content + declarations together (never throws). */
  validate(source: { title: string; content: string; variables: TemplateVariable[] }): TemplateDiagnostics {
    return validateTemplate(source);
  }

  async create(p: Principal, input: TemplateCreateInput): Promise<Template> {
    refuseErrors(this.validate(input));
    const now = this.deps.now();
    const template: Template = {
      templateId: input.templateId ?? `tpl_${newTimeOrderedId(now.getTime())}`,
      orgId: p.orgId,
      name: input.name,
      category: input.category,
      messageType: input.messageType,
      priority: input.priority,
      title: input.title,
      content: input.content,
      variables: input.variables,
      enabled: input.enabled,
      version: 1,
      createTime: now,
      updateTime: now,
    };
    if (!(await this.deps.store.templates.create(template))) {
      throw new AppError(AppCode.INVALID_INPUT, `Template ${template.templateId} already exists`, { fieldPaths: ['templateId'] });
    }
    return template;
  }

  async get(p: Principal, templateId: string): Promise<Template> {
    const t = await this.deps.store.templates.get(p.orgId, templateId);
    if (!t) throw notFound(`Template ${templateId}`);
    return t;
  }

  async list(p: Principal, input: { category?: string; enabled?: boolean; q?: string; page: number; size: number }) {
    const res = await this.deps.store.templates.list(p.orgId, { category: input.category, enabled: input.enabled, q: input.q || undefined, limit: input.size, offset: (input.page - 1) * input.size });
    return { ...res, page: input.page, size: input.size };
  }

  /** Replaces fields and bumps `version`; the previous version goes to history. */
  async update(p: Principal, input: TemplateUpdateInput): Promise<Template> {
    const current = await this.get(p, input.templateId);
    if (input.expectedVersion !== undefined && input.expectedVersion !== current.version) {
      throw new AppError(AppCode.INVALID_INPUT, `Template was changed meanwhile (now version ${current.version}, you edited version ${input.expectedVersion}); reload and retry`, { fieldPaths: ['expectedVersion'] });
    }
    const { templateId: _id, expectedVersion: _v, ...changes } = input;
    const next: Template = {
      ...current,
      ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)),
      version: current.version + 1,
      updateTime: this.deps.now(),
    };
    refuseErrors(this.validate(next));
    if (!(await this.deps.store.templates.replace(next, current.version))) {
      throw new AppError(AppCode.INVALID_INPUT, 'Template was changed meanwhile; reload and retry', { fieldPaths: ['expectedVersion'] });
    }
    return next;
  }

  async delete(p: Principal, templateId: string): Promise<{ deleted: true }> {
    if (!(await this.deps.store.templates.delete(p.orgId, templateId))) throw notFound(`Template ${templateId}`);
    return { deleted: true };
  }

  async history(p: Principal, templateId: string, limit: number): Promise<Template[]> {
    await this.get(p, templateId);
    return this.deps.store.templates.history(p.orgId, templateId, limit);
  }

  /** Renders a stored template or a draft source with sample values, plus every diagnostic. */
  async preview(p: Principal, input: TemplatePreviewInput): Promise<PreviewResult> {
    const source = 'templateId' in input ? await this.get(p, input.templateId) : input.source;
    return preview({
      title: source.title,
      content: source.content,
      variables: source.variables,
      values: this.renderer.valuesFor(input.values, { id: p.userId, name: p.name ?? p.userId }),
      options: this.renderer.optionsFor(input.timeZone ?? this.deps.timeZone, this.deps.now()),
    });
  }

  /**
   * Sends a message rendered from a template to a user, a group or a scope. Group and broadcast
   * messages that use `recipient` are stored once and re-rendered for each reader.
   */
  async send(p: Principal, input: TemplateSendInput): Promise<TemplateSendResult> {
    const template = await this.get(p, input.templateId);
    if (!template.enabled) throw new AppError(AppCode.INVALID_INPUT, `Template ${template.templateId} is disabled`, { fieldPaths: ['templateId'] });
    const valueProblems = checkValues(template.variables, input.values).filter((d) => d.severity === 'error');
    if (valueProblems.length) {
      throw new AppError(AppCode.INVALID_INPUT, `Template values are invalid: ${valueProblems.map((d) => d.message).join('; ')}`, {
        fieldPaths: valueProblems.map((d) => `values.${d.variable}`),
        diagnostics: valueProblems,
      });
    }
    const timeZone = input.timeZone ?? this.deps.timeZone;
    const isPersonal = input.receiverId !== undefined;
    const recipient = isPersonal ? { id: input.receiverId!, name: input.receiverId! } : { id: '', name: '' };
    // The render clock is the time the message becomes visible, here and for every later reader.
    const visibleAt = input.deliverAt ?? this.deps.now();
    // A group/broadcast message that uses `recipient` is rendered again for each reader, so it
    // must fit the smaller per-reader budget; checking that here refuses it before it is stored.
    const isPerReader = !isPersonal && (this.renderer.usesRecipient(template.title) || this.renderer.usesRecipient(template.content));
    const budget = isPerReader ? this.renderer.readerBudget : this.renderer.budget;
    let rendered: { title: string; content: string };
    try {
      rendered = this.renderer.render({ title: template.title, content: template.content, variables: template.variables, values: input.values, recipient, timeZone, now: visibleAt }, budget);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      const hint = isPerReader && isTemplateBudgetError(err) ? ` (a template using recipient.* is rendered for every reader and may use at most ${budget.maxOperations} operations per render)` : '';
      throw invalidInput(`Template could not be rendered: ${reason}${hint}`, ['values']);
    }
    const title = rendered.title.trim();
    const content = rendered.content;
    if (!title || title.length > LIMITS.titleChars) throw invalidInput(`The rendered title must be 1–${LIMITS.titleChars} characters (got ${title.length})`, ['title']);
    if (content.length > LIMITS.contentChars) throw invalidInput(`The rendered content exceeds ${LIMITS.contentChars} characters`, ['content']);

    const personalization = isPerReader
        ? { title: template.title, content: template.content, values: input.values, timeZone, variables: template.variables, renderedAtMs: visibleAt.getTime() }
        : undefined;
    const metadata = { ...input.metadata, templateId: template.templateId, templateVersion: template.version, ...(personalization ? { personalization } : {}) } as MessageMetadata;
    const content_: MessageContent = {
      messageType: template.messageType,
      title,
      content,
      priority: template.priority,
      category: template.category,
      metadata,
      expireTime: input.expireTime,
      deliverAt: input.deliverAt,
      idempotencyKey: input.idempotencyKey,
    };
    if (input.receiverId !== undefined) {
      const r = await this.messaging.send(p, { receiverId: input.receiverId, ...content_ });
      return { messageId: r.messageId, status: r.status, recipients: 1, templateVersion: template.version };
    }
    if (input.groupId !== undefined) {
      const r = await this.messaging.sendToGroup(p, { groupId: input.groupId, groupType: input.groupType!, ...content_ });
      return { ...r, templateVersion: template.version };
    }
    if (!hasRole(p, 'admin')) throw forbidden('Broadcasting needs the admin role');
    const r = await this.messaging.broadcast(p, { scope: input.scope!, ...content_ });
    return { ...r, templateVersion: template.version };
  }
}

/** Refuses a template whose sources or declarations have errors, with the diagnostics attached. */
function refuseErrors(d: TemplateDiagnostics): void {
  if (!d.hasErrors) return;
  const errors = [
    ...d.title.filter((x) => x.severity === 'error').map((x) => ({ field: 'title', ...x })),
    ...d.content.filter((x) => x.severity === 'error').map((x) => ({ field: 'content', ...x })),
    ...d.variables.filter((x) => x.severity === 'error').map((x) => ({ field: `variables.${x.index ?? 0}`, ...x })),
  ];
  const first = errors[0];
  const where = first && 'line' in first ? ` (${first.field} line ${String(first.line)}, column ${String(first.column)})` : '';
  throw new AppError(AppCode.INVALID_INPUT, `The template has ${errors.length} error(s): ${first?.message ?? ''}${where}`, {
    fieldPaths: [...new Set(errors.map((e) => e.field))],
    diagnostics: errors,
  });
}
