import type { TemplateBudgetKind } from './budget.js';
import type { Diagnostic } from './diagnostics.js';
import type { SourceSpan } from './location.js';

/** Machine-readable kind of a {@link TemplateError}. */
export type TemplateErrorCode = 'SYNTAX_ERROR' | 'RENDER_ERROR' | 'LIMIT_EXCEEDED' | 'BUDGET_EXCEEDED' | 'MISSING_VALUE';

/**
 * Base class of every error this package throws. `line`/`column` (1-based) point at the tag or
 * expression that failed; they are 0 when the error is not tied to a place in the source.
 */
export class TemplateError extends Error {
  readonly code: TemplateErrorCode;
  readonly line: number;
  readonly column: number;
  readonly offset: number;
  readonly length: number;

  constructor(code: TemplateErrorCode, message: string, span?: SourceSpan, options?: { cause?: unknown }) {
    super(span ? `${message} (line ${span.line}, column ${span.column})` : message, options);
    this.name = 'TemplateError';
    this.code = code;
    this.line = span?.line ?? 0;
    this.column = span?.column ?? 0;
    this.offset = span?.offset ?? 0;
    this.length = span?.length ?? 0;
  }
}

/**
 * Thrown by `compile` when the source has syntax errors. `diagnostics` lists all of them; the
 * message and position are those of the first.
 */
export class TemplateSyntaxError extends TemplateError {
  readonly diagnostics: readonly Diagnostic[];

  constructor(message: string, span: SourceSpan, diagnostics: readonly Diagnostic[] = []) {
    super('SYNTAX_ERROR', message, span);
    this.name = 'TemplateSyntaxError';
    this.diagnostics = diagnostics;
  }
}

/** Thrown by `render` when a value can't be used the way the template asks (e.g. a bad date). */
export class TemplateRenderError extends TemplateError {
  constructor(message: string, span?: SourceSpan, options?: { cause?: unknown; code?: TemplateErrorCode }) {
    super(options?.code ?? 'RENDER_ERROR', message, span, options);
    this.name = 'TemplateRenderError';
  }
}

/** Which render limit was exceeded. */
export type TemplateLimit = 'maxLoopIterations' | 'maxOutputLength' | 'maxDepth';

/** Thrown by `render` when a template exceeds one of the render limits. */
export class TemplateLimitError extends TemplateRenderError {
  readonly limit: TemplateLimit;

  constructor(limit: TemplateLimit, message: string, span?: SourceSpan) {
    super(message, span, { code: 'LIMIT_EXCEEDED' });
    this.name = 'TemplateLimitError';
    this.limit = limit;
  }
}

/**
 * Thrown by `render` when a template spends more than its evaluation budget (`options.budget`):
 * too many operations, or a text built on the way longer than allowed. `line`/`column` point at
 * the tag or call that ran out. Code `BUDGET_EXCEEDED`.
 */
export class TemplateBudgetError extends TemplateRenderError {
  /** Which part of the budget ran out: `maxOperations` or `maxValueChars`. */
  readonly budget: TemplateBudgetKind;

  constructor(budget: TemplateBudgetKind, message: string, span?: SourceSpan) {
    super(message, span, { code: 'BUDGET_EXCEEDED' });
    this.name = 'TemplateBudgetError';
    this.budget = budget;
  }
}

/**
 * True for a {@link TemplateBudgetError}, also one thrown by another copy of this package
 * (recognised by its code), so callers can tell "this template is too costly" from other errors.
 */
export function isTemplateBudgetError(error: unknown): error is TemplateBudgetError {
  return error instanceof TemplateBudgetError || (error instanceof Error && (error as { code?: unknown }).code === 'BUDGET_EXCEEDED');
}

/** Thrown by `render` when a variable declared `required` has no value and no default. */
export class MissingValueError extends TemplateRenderError {
  readonly variable: string;

  constructor(variable: string) {
    super(`Missing value for required variable \`${variable}\`: supply it or give the variable a default`, undefined, {
      code: 'MISSING_VALUE',
    });
    this.name = 'MissingValueError';
    this.variable = variable;
  }
}
