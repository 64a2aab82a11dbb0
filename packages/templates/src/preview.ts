/**
 * `preview`: everything a template editor needs after each keystroke — rendered title and
 * content plus every diagnostic — without ever throwing.
 */
import { checkValues } from './check-values.js';
import { compile } from './compile.js';
import type { Diagnostic, VariableDiagnostic } from './diagnostics.js';
import { isTemplateBudgetError, TemplateError } from './errors.js';
import { render, type RenderOptions } from './render.js';
import { validateTemplate, type TemplateDiagnostics, type TemplateSource } from './validate-template.js';
import { asDeclarations, type TemplateValues, type TemplateVariable } from './variables.js';

export interface PreviewInput extends TemplateSource {
  readonly values?: TemplateValues;
  /**
   * Render options. `missingRequired` defaults to `empty` here, so a preview renders while
   * values are still being filled in (the gaps are reported in `diagnostics.values`). `budget`
   * applies to the title and the content each, as in `render`.
   */
  readonly options?: RenderOptions;
}

export interface PreviewResult {
  /** The rendered title, or `null` when it has errors. */
  readonly title: string | null;
  /** The rendered content, or `null` when it has errors. */
  readonly content: string | null;
  readonly diagnostics: TemplateDiagnostics & {
    /** Problems with the supplied values (missing required, wrong type). */
    readonly values: VariableDiagnostic[];
  };
  /** True when any diagnostic is an error (the server should refuse to send). */
  readonly hasErrors: boolean;
}

/**
 * Validates and renders a template in one call. Never throws: a render that runs out of its
 * budget is a `BUDGET_EXCEEDED` diagnostic at the tag where it did.
 */
export function preview(input: PreviewInput): PreviewResult {
  const variables = asDeclarations(input.variables);
  const values = input.values ?? {};
  const options: RenderOptions = { ...input.options, missingRequired: input.options?.missingRequired ?? 'empty' };
  const checked = validateTemplate({ title: input.title, content: input.content, variables });
  const valueDiagnostics = checkValues(variables, values);
  const usable = checked.variables.some((d) => d.severity === 'error') ? [] : variables;
  const title = renderOne(input.title ?? '', checked.title, usable, values, options);
  const content = renderOne(input.content ?? '', checked.content, usable, values, options);
  const diagnostics = { ...checked, values: valueDiagnostics };
  const hasErrors = checked.hasErrors || title === null || content === null || valueDiagnostics.some((d) => d.severity === 'error');
  return { title, content, diagnostics: { ...diagnostics, hasErrors }, hasErrors };
}

function renderOne(
  source: string,
  diagnostics: Diagnostic[],
  variables: readonly TemplateVariable[],
  values: TemplateValues,
  options: RenderOptions,
): string | null {
  if (diagnostics.some((d) => d.severity === 'error')) return null;
  try {
    return render(compile(String(source), { variables }), values, options);
  } catch (error) {
    const isOurs = error instanceof TemplateError;
    diagnostics.push({
      severity: 'error',
      code: isTemplateBudgetError(error) ? 'BUDGET_EXCEEDED' : 'RENDER_ERROR',
      message: isOurs ? stripPosition(error.message) : `Could not render: ${String(error)}`,
      line: isOurs && error.line > 0 ? error.line : 1,
      column: isOurs && error.column > 0 ? error.column : 1,
      offset: isOurs ? error.offset : 0,
      length: isOurs ? error.length : 0,
    });
    return null;
  }
}

/** The error message without the "(line L, column C)" suffix: diagnostics carry those as fields. */
function stripPosition(message: string): string {
  return message.replace(/ \(line \d+, column \d+\)$/, '');
}
