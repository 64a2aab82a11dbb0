/** `render`: run a compiled template against values. Pure apart from the default `now`. */
import { budgetMessage, BudgetProblem, DEFAULT_BUDGET, type RenderBudget } from './budget.js';
import { programOf, type CompiledTemplate } from './compile.js';
import { MissingValueError, TemplateBudgetError, TemplateError, TemplateLimitError, TemplateRenderError } from './errors.js';
import { DEFAULT_LIMITS, type RenderContext, type RenderLimits } from './render-context.js';
import { isValidTimeZone } from './time-zones.js';
import { isMissing } from './values.js';
import { hasDefault, ownValue, type TemplateValues } from './variables.js';

/** The default render time zone, the seed's (`metadata.timezone`). */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';
/** The default locale for month and weekday names (`MMM`, `EEEE`, `a`). */
export const DEFAULT_LOCALE = 'zh-CN';

export interface RenderOptions {
  /** IANA time zone for dates, e.g. `Asia/Shanghai` (default) or `UTC`. */
  readonly timeZone?: string;
  /** `html` escapes every value a tag prints; `text` (default) prints values as they are. */
  readonly mode?: 'text' | 'html';
  /** The value of `currentDate` (unless the values supply one). Default: the current time. */
  readonly now?: Date | number;
  /** BCP 47 locale for month/weekday names and AM/PM. Default `zh-CN`. */
  readonly locale?: string;
  /** Overrides of {@link DEFAULT_LIMITS}. */
  readonly limits?: Partial<RenderLimits>;
  /** Overrides of {@link DEFAULT_BUDGET}: operations per render and length of built texts. */
  readonly budget?: Partial<RenderBudget>;
  /**
   * What to do when a required variable has no value and no default: `error` (default) throws
   * {@link MissingValueError}; `empty` renders it as missing (for previews of incomplete values).
   */
  readonly missingRequired?: 'error' | 'empty';
}

/**
 * Renders a compiled template with `values`.
 *
 * @throws {MissingValueError} a required variable has no value and no default.
 * @throws {TemplateLimitError} a loop, output or nesting limit was exceeded.
 * @throws {TemplateBudgetError} the render spent more than its evaluation budget.
 * @throws {TemplateRenderError} a value can't be used as the template asks (e.g. a bad date), or bad options.
 */
export function render(template: CompiledTemplate, values: TemplateValues = {}, options: RenderOptions = {}): string {
  const program = programOf(template);
  if (!program) throw new TemplateRenderError('render: pass the result of compile(source), not a source string or a copy');
  if (values === null || typeof values !== 'object') throw new TemplateRenderError('render: values must be an object keyed by variable name');
  const rc = createContext(values, options, program.slots);
  if (template.depth > rc.limits.maxDepth) {
    throw new TemplateLimitError('maxDepth', `Blocks are nested ${template.depth} levels deep, more than limits.maxDepth (${rc.limits.maxDepth})`);
  }
  if (options.missingRequired !== 'empty') {
    for (const variable of template.variables) {
      if (variable.required && !hasDefault(variable) && isMissing(ownValue(values, variable.name))) throw new MissingValueError(variable.name);
    }
  }
  try {
    program.emit(rc);
    // Costs charged after the fact (an object's keys, counted once) on the template's last step.
    if (rc.operations > rc.budget.maxOperations) throw new BudgetProblem('maxOperations');
  } catch (error) {
    if (error instanceof TemplateError) throw error;
    // Every call site adds its position; this is a safety net for one that didn't.
    if (error instanceof BudgetProblem) throw new TemplateBudgetError(error.kind, budgetMessage(error.kind, rc.budget));
    // Values are caller data (cycles, exotic objects): whatever they make fail is still
    // reported as this package's error, with the original attached.
    const reason = error instanceof Error ? error.message : String(error);
    throw new TemplateRenderError(`Could not render the template: ${reason}`, undefined, { cause: error });
  }
  return rc.out;
}

function createContext(values: TemplateValues, options: RenderOptions, slots: number): RenderContext {
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  if (!isValidTimeZone(timeZone)) throw new TemplateRenderError(`Unknown time zone ${JSON.stringify(timeZone)}: use an IANA name such as Asia/Shanghai or UTC`);
  const locale = options.locale ?? DEFAULT_LOCALE;
  if (!isValidLocale(locale)) throw new TemplateRenderError(`Invalid locale ${JSON.stringify(locale)}: use a BCP 47 tag such as zh-CN or en-US`);
  const now = options.now === undefined ? Date.now() : options.now instanceof Date ? options.now.getTime() : options.now;
  if (typeof now !== 'number' || !Number.isFinite(now)) throw new TemplateRenderError('options.now must be a valid Date or epoch milliseconds');
  return {
    values,
    timeZone,
    locale,
    now,
    html: options.mode === 'html',
    limits: withDefaults(DEFAULT_LIMITS, options.limits),
    budget: withDefaults(DEFAULT_BUDGET, options.budget),
    operations: 0,
    locals: new Array<unknown>(slots),
    out: '',
    iterations: 0,
  };
}

const validLocales = new Set<string>();
function isValidLocale(locale: string): boolean {
  if (validLocales.has(locale)) return true;
  try {
    if (typeof locale !== 'string' || Intl.DateTimeFormat.supportedLocalesOf([locale]).length === 0) return false;
  } catch {
    return false;
  }
  if (validLocales.size < 64) validLocales.add(locale);
  return true;
}

/**
 * `defaults` with each number `given` sets (undefined and NaN keep the default). Runs on every
 * render, so it copies once and overwrites known keys, without building entry arrays.
 */
function withDefaults<T extends object>(defaults: T, given: Partial<T> | undefined): T {
  if (!given || given === defaults) return defaults;
  const out = { ...defaults } as Record<string, unknown>;
  for (const key of Object.keys(defaults)) {
    const value = (given as Record<string, unknown>)[key];
    if (typeof value === 'number' && !Number.isNaN(value)) out[key] = value;
  }
  return out as T;
}
