import {
  compile,
  DEFAULT_BUDGET,
  render,
  type CompiledTemplate,
  type RenderBudget,
  type RenderOptions,
  type TemplateVariable,
} from '@message-center/templates';
import type { Message, Personalization } from '../../domain/index.js';

/** The reader a message is shown to (`recipient.id`, `recipient.name` in templates). */
export interface Recipient {
  id: string;
  name: string;
}

/** What a message is rendered from: sources, declarations, values and where/when it is read. */
export interface RenderInput {
  title: string;
  content: string;
  variables: readonly TemplateVariable[];
  values: Record<string, unknown>;
  recipient: Recipient;
  timeZone: string;
  /** The render clock (`currentDate`): the time the message became visible. */
  now: Date;
}

/** Budgets of the renderer; each defaults to the template package's `DEFAULT_BUDGET`. */
export interface RendererBudgets {
  maxOperations?: number;
  maxValueChars?: number;
  /** Operations of one per-reader render (default 50,000: a few milliseconds at worst). */
  readerMaxOperations?: number;
}

const DEFAULT_READER_OPERATIONS = 50_000;
const COMPILED_MAX = 500;
const RENDERED_MAX = 10_000;

/**
 * The one place templates are rendered for messages: at send, in previews and for each reader
 * of a stored group/broadcast message. All three build the same inputs here, so a message reads
 * the same whichever path produced it (declared defaults, time zone, and a clock fixed at the
 * time the message became visible).
 *
 * Per-reader renders are cached by message and reader, so a stored message costs one render per
 * reader however often it is listed, and the cache is bounded.
 */
export class MessageRenderer {
  private readonly compiled = new Map<string, CompiledTemplate>();
  private readonly rendered = new Map<string, { title: string; content: string }>();
  /** The budget of a render at send and in previews. */
  readonly budget: RenderBudget;
  /** The smaller budget of one per-reader render (see `RendererBudgets.readerMaxOperations`). */
  readonly readerBudget: RenderBudget;

  constructor(budgets: RendererBudgets = {}) {
    this.budget = {
      maxOperations: budgets.maxOperations ?? DEFAULT_BUDGET.maxOperations,
      maxValueChars: budgets.maxValueChars ?? DEFAULT_BUDGET.maxValueChars,
    };
    this.readerBudget = {
      ...this.budget,
      maxOperations: Math.min(
        this.budget.maxOperations,
        budgets.readerMaxOperations ?? DEFAULT_READER_OPERATIONS,
      ),
    };
  }

  /** The values a template sees: the caller's values plus `recipient`. */
  valuesFor(values: Record<string, unknown>, recipient: Recipient): Record<string, unknown> {
    return { ...values, recipient: { id: recipient.id, name: recipient.name } };
  }

  /** Render options for a given zone and clock (shared by `render` and previews). */
  optionsFor(timeZone: string, now: Date, budget: RenderBudget = this.budget): RenderOptions {
    return { timeZone, now, budget };
  }

  /**
   * Renders title and content.
   *
   * @throws the template package's errors (syntax, missing value, limits) — callers decide
   * whether that refuses a send or falls back to the stored text.
   */
  render(
    input: RenderInput,
    budget: RenderBudget = this.budget,
  ): { title: string; content: string } {
    const values = this.valuesFor(input.values, input.recipient);
    const options = this.optionsFor(input.timeZone, input.now, budget);
    return {
      title: render(this.compile(input.title, input.variables), values, options),
      content: render(this.compile(input.content, input.variables), values, options),
    };
  }

  /**
   * A message as `recipient` sees it: templated group/broadcast messages are rendered for that
   * reader; the server-only personalization is removed. Others come back unchanged.
   */
  forReader<T extends Message>(message: T, recipient: Recipient): T {
    const p = message.metadata.personalization;
    if (!p) return message;
    const { personalization: _omit, ...metadata } = message.metadata;
    const key = JSON.stringify([message.messageId, recipient.id, recipient.name]);
    let fields = this.rendered.get(key);
    if (!fields) {
      try {
        fields = this.render(personalizationInput(message, p, recipient), this.readerBudget);
      } catch {
        // The text stored at send (rendered for a generic recipient) is a safe fallback.
        fields = { title: message.title, content: message.content };
      }
      if (this.rendered.size >= RENDERED_MAX)
        this.rendered.delete(this.rendered.keys().next().value!);
      this.rendered.set(key, fields);
    }
    return {
      ...message,
      title: fields.title.trim() || message.title,
      content: fields.content,
      metadata,
    };
  }

  /** True when a template source refers to `recipient` (so it must be rendered per reader). */
  usesRecipient(source: string): boolean {
    try {
      return this.compile(source, []).usedVariables.includes('recipient');
    } catch {
      return false;
    }
  }

  private compile(source: string, variables: readonly TemplateVariable[]): CompiledTemplate {
    const key = variables.length ? JSON.stringify([source, variables]) : source;
    let c = this.compiled.get(key);
    if (!c) {
      if (this.compiled.size >= COMPILED_MAX)
        this.compiled.delete(this.compiled.keys().next().value!);
      c = compile(source, { variables });
      this.compiled.set(key, c);
    }
    return c;
  }
}

/** The render input a stored personalization stands for (older rows lack declarations and clock). */
function personalizationInput(
  message: Message,
  p: Personalization,
  recipient: Recipient,
): RenderInput {
  return {
    title: p.title,
    content: p.content,
    variables: p.variables ?? [],
    values: p.values,
    recipient,
    timeZone: p.timeZone,
    now:
      p.renderedAtMs !== undefined
        ? new Date(p.renderedAtMs)
        : (message.deliverAt ?? message.createTime),
  };
}
