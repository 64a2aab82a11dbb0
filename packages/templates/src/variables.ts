/** Variable declarations: what a template expects its values to be (SPEC §3, seed §5.3.2). */

/** The variable types, with the same string values as the server's schema. */
export const VariableType = Object.freeze([
  'STRING',
  'NUMBER',
  'BOOLEAN',
  'DATE',
  'DATETIME',
  'ARRAY',
  'OBJECT',
  'URL',
  'EMAIL',
  'PHONE',
] as const);
export type VariableType = (typeof VariableType)[number];

/** One declared template variable. */
export interface TemplateVariable {
  /** The name used in the template (`{name}`) and the key in `values`. */
  readonly name: string;
  readonly type: VariableType;
  /** A required variable must be supplied (or have a `default`) at render time. */
  readonly required: boolean;
  /** Used when the value is missing (`undefined`, `null` or `''`). */
  readonly default?: unknown;
  readonly description?: string;
}

/** Values for a render, keyed by variable name. */
export type TemplateValues = Readonly<Record<string, unknown>>;

/**
 * Names every template may use without declaring them: `currentDate` (the render's `now`
 * unless the values supply it) and `recipient` (`recipient.id`, `recipient.name`, supplied by
 * the server at send time).
 */
export const BUILT_IN_VARIABLES: readonly string[] = Object.freeze(['currentDate', 'recipient']);

/** Reads an own, non-function value from `values`. */
export function ownValue(values: TemplateValues, name: string): unknown {
  if (!Object.hasOwn(values, name)) return undefined;
  const value = values[name];
  return typeof value === 'function' ? undefined : value;
}

/** True when a variable has a usable declared default. */
export function hasDefault(variable: TemplateVariable): boolean {
  return variable.default !== undefined && variable.default !== null && variable.default !== '';
}

/** `variables` if it is an array (inputs may come from untyped JSON), else an empty list. */
export function asDeclarations(variables: unknown): readonly TemplateVariable[] {
  return Array.isArray(variables) ? (variables as TemplateVariable[]) : [];
}
