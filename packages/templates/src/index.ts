/**
 * @message-center/templates — Message Center's template language. No I/O and no Node built-ins:
 * the same code validates and renders on the server and previews in the browser.
 *
 * ```ts
 * const compiled = compile('尊敬的{userName}，{if vip}欢迎回来{/if}', { variables });
 * render(compiled, { userName: '张三', vip: true }, { timeZone: 'Asia/Shanghai' });
 * ```
 */
export { compile, type CompileOptions, type CompiledTemplate } from './compile.js';
export { render, DEFAULT_LOCALE, DEFAULT_TIME_ZONE, type RenderOptions } from './render.js';
export { DEFAULT_LIMITS, type RenderLimits } from './render-context.js';
export { DEFAULT_BUDGET, CHARS_PER_OPERATION, type RenderBudget, type TemplateBudgetKind } from './budget.js';
export { validate } from './validate.js';
export { validateTemplate, checkDeclarations, type TemplateDiagnostics, type TemplateSource } from './validate-template.js';
export { checkValues } from './check-values.js';
export { preview, type PreviewInput, type PreviewResult } from './preview.js';
export type { Diagnostic, DiagnosticCode, VariableDiagnostic, VariableDiagnosticCode } from './diagnostics.js';
export type { SourceSpan } from './location.js';
export { TEMPLATE_FUNCTIONS, type TemplateFunctionInfo } from './formats.js';
export { KEYWORDS } from './tag-parser.js';
export { BUILT_IN_VARIABLES, VariableType, type TemplateValues, type TemplateVariable } from './variables.js';
export {
  isTemplateBudgetError,
  MissingValueError,
  TemplateBudgetError,
  TemplateError,
  TemplateLimitError,
  TemplateRenderError,
  TemplateSyntaxError,
  type TemplateErrorCode,
  type TemplateLimit,
} from './errors.js';
