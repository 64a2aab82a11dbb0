/**
 * `validate`: every problem in a template source as positioned diagnostics — syntax, unknown
 * functions and arity (from the parser), plus undeclared variables, required variables never
 * used, and uses that don't fit a variable's declared type.
 */
import type { Expression, TemplateNode } from './ast.js';
import type { Diagnostic } from './diagnostics.js';
import type { LineMap } from './location.js';
import { parse } from './parser.js';
import { didYouMean } from './suggest.js';
import { asDeclarations, BUILT_IN_VARIABLES, type TemplateVariable } from './variables.js';

/** Variable uses found in a parsed source. */
export interface SourceAnalysis {
  readonly diagnostics: Diagnostic[];
  /** Global names the source reads (declared, built-in or undeclared). */
  readonly used: Set<string>;
}

/**
 * Diagnostics for `source` against its declared `variables`, sorted by position. Never throws.
 * A required variable that `source` never uses is reported as a warning at line 1, column 1.
 */
export function validate(source: string, variables: readonly TemplateVariable[] = []): Diagnostic[] {
  const declared = asDeclarations(variables).filter(isDeclaration);
  const { diagnostics, used } = analyze(String(source ?? ''), declared);
  for (const variable of declared) {
    if (variable.required && !used.has(variable.name)) diagnostics.push(unusedRequired(variable.name, 0));
  }
  return diagnostics;
}

function isDeclaration(variable: unknown): variable is TemplateVariable {
  return typeof variable === 'object' && variable !== null && typeof (variable as TemplateVariable).name === 'string';
}

/** The warning for a required variable no source uses, positioned at `offset` (length 0). */
export function unusedRequired(name: string, offset: number): Diagnostic {
  return {
    severity: 'warning',
    code: 'UNUSED_REQUIRED_VARIABLE',
    message: `Variable \`${name}\` is declared required but the template never uses it`,
    variable: name,
    line: 1,
    column: offset + 1,
    offset,
    length: 0,
  };
}

/** Parses and checks `source`, returning its diagnostics and the names it uses. */
export function analyze(source: string, variables: readonly TemplateVariable[]): SourceAnalysis {
  const parsed = parse(source);
  const checker = new UsageChecker(parsed.lines, variables, parsed.diagnostics);
  checker.nodes(parsed.nodes);
  parsed.diagnostics.sort((a, b) => a.offset - b.offset);
  return { diagnostics: parsed.diagnostics, used: checker.used };
}

class UsageChecker {
  readonly used = new Set<string>();
  private readonly declared: Map<string, TemplateVariable>;
  private readonly locals: string[] = [];

  constructor(
    private readonly lines: LineMap,
    variables: readonly TemplateVariable[],
    private readonly diagnostics: Diagnostic[],
  ) {
    this.declared = new Map(variables.map((v) => [v.name, v]));
  }

  nodes(nodes: readonly TemplateNode[]): void {
    for (const node of nodes) {
      switch (node.kind) {
        case 'text':
          break;
        case 'output':
          this.expression(node.subject);
          for (const format of node.formats) format.args.forEach((arg) => this.expression(arg));
          break;
        case 'if':
          for (const branch of node.branches) {
            this.expression(branch.test);
            this.nodes(branch.body);
          }
          if (node.otherwise) this.nodes(node.otherwise);
          break;
        case 'for': {
          this.expression(node.list);
          const { list } = node;
          const listType = list.kind === 'variable' && !this.locals.includes(list.name) ? this.declared.get(list.name)?.type : undefined;
          if (list.kind === 'variable' && listType && listType !== 'ARRAY') {
            this.warn(list, `\`${list.name}\` is declared ${listType}, but \`{for}\` needs an ARRAY`);
          }
          this.locals.push('loop', node.item);
          this.nodes(node.body);
          this.locals.length -= 2;
          if (node.otherwise) this.nodes(node.otherwise);
          break;
        }
      }
    }
  }

  private expression(expression: Expression): void {
    switch (expression.kind) {
      case 'literal':
        return;
      case 'variable':
        return this.variable(expression.name, expression.start, expression.end);
      case 'member': {
        this.expression(expression.object);
        if (typeof expression.key !== 'string') this.expression(expression.key);
        const { object } = expression;
        if (object.kind === 'variable' && !this.locals.includes(object.name)) {
          const type = this.declared.get(object.name)?.type;
          const key = typeof expression.key === 'string' ? expression.key : null;
          const hasFields = type === undefined || type === 'OBJECT' || type === 'ARRAY' || ((type === 'STRING' || type === 'URL' || type === 'EMAIL' || type === 'PHONE') && key === 'length');
          if (!hasFields) this.warn(expression, `\`${object.name}\` is declared ${type}, which has no field${key ? ` \`${key}\`` : 's'}`);
        }
        return;
      }
      case 'call':
        return expression.args.forEach((arg) => this.expression(arg));
      case 'unary':
        return this.expression(expression.operand);
      case 'binary':
        this.expression(expression.left);
        return this.expression(expression.right);
    }
  }

  private variable(name: string, start: number, end: number): void {
    if (this.locals.includes(name)) return;
    this.used.add(name);
    if (this.declared.has(name) || BUILT_IN_VARIABLES.includes(name)) return;
    const hint = didYouMean(name, [...this.declared.keys(), ...BUILT_IN_VARIABLES, ...this.locals]);
    this.diagnostics.push({
      severity: 'error',
      code: 'UNDECLARED_VARIABLE',
      message: `Variable \`${name}\` is not declared: add it to the template's variables.${hint}`,
      variable: name,
      ...this.lines.span(start, end - start),
    });
  }

  private warn(at: { start: number; end: number }, message: string): void {
    this.diagnostics.push({ severity: 'warning', code: 'TYPE_MISMATCH', message, ...this.lines.span(at.start, at.end - at.start) });
  }
}
