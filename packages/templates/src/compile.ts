/** `compile`: parse a source once into a reusable, immutable compiled template. */
import { ClosureBuilder, type Emit } from './closures.js';
import { TemplateSyntaxError } from './errors.js';
import { parse } from './parser.js';
import type { TemplateVariable } from './variables.js';

export interface CompileOptions {
  /**
   * The template's declared variables. Their defaults fill in missing values, and `render`
   * refuses to run when a required one has neither a value nor a default.
   */
  readonly variables?: readonly TemplateVariable[];
}

/** A parsed template, ready for {@link render}. Immutable; safe to cache and share. */
export interface CompiledTemplate {
  readonly source: string;
  readonly variables: readonly TemplateVariable[];
  /** Names read from the values (declared variables and built-ins), in first-use order. */
  readonly usedVariables: readonly string[];
  /** Deepest `{if}`/`{for}` nesting, checked against `limits.maxDepth` at render time. */
  readonly depth: number;
}

export interface Program {
  readonly emit: Emit;
  readonly slots: number;
}

// A symbol-keyed property rather than a WeakMap: with many short-lived templates (a preview per
// keystroke) WeakMap entries made garbage collection dominate compile time.
const PROGRAM = Symbol('program');
type WithProgram = CompiledTemplate & { readonly [PROGRAM]?: Program };

/** The executable part of a compiled template, or `undefined` for anything `compile` didn't make. */
export function programOf(template: CompiledTemplate): Program | undefined {
  return (template as WithProgram)[PROGRAM];
}

/**
 * Parses `source` once for many renders.
 *
 * @throws {TemplateSyntaxError} when the source has syntax errors (all listed in `diagnostics`).
 */
export function compile(source: string, options: CompileOptions = {}): CompiledTemplate {
  if (typeof source !== 'string') throw new TypeError('compile: the template source must be a string');
  const parsed = parse(source);
  const errors = parsed.diagnostics.filter((d) => d.severity === 'error');
  const first = errors[0];
  if (first) {
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
    throw new TemplateSyntaxError(`${first.message}${more}`, first, errors);
  }
  const variables = Object.freeze([...(options.variables ?? [])]);
  const builder = new ClosureBuilder(parsed.lines, new Map(variables.map((v) => [v.name, v])));
  const emit = builder.nodes(parsed.nodes);
  const template = {
    source,
    variables,
    usedVariables: Object.freeze([...builder.globals]),
    depth: parsed.depth,
  };
  Object.defineProperty(template, PROGRAM, { value: { emit, slots: builder.slots } satisfies Program, enumerable: false });
  return Object.freeze(template);
}
