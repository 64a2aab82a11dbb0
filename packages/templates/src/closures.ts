/**
 * Turns the syntax tree into nested closures once, at compile time, so that rendering is a
 * straight walk with names, slots, functions and defaults already resolved.
 */
import type { Expression, ForNode, OutputNode, TemplateNode } from './ast.js';
import {
  budgetMessage,
  BudgetProblem,
  CHARS_PER_OPERATION,
  checkLength,
  expressionCost,
  operandCost,
  spend,
  textCost,
  truthy,
  type TemplateBudgetKind,
} from './budget.js';
import { TemplateBudgetError, TemplateLimitError, TemplateRenderError } from './errors.js';
import { findFunction, type TemplateFunction } from './formats.js';
import type { LineMap } from './location.js';
import { ArgumentProblem, toText, type RenderContext } from './render-context.js';
import { describeValue } from './value-types.js';
import { areEqual, compareValues, escapeHtml, getMember, isMissing } from './values.js';
import { hasDefault, ownValue, type TemplateVariable } from './variables.js';

export type Emit = (rc: RenderContext) => void;
type Evaluate = (rc: RenderContext) => unknown;

/** What the closures need from the template being compiled. */
export class ClosureBuilder {
  /** Loop variables visible at the current point, innermost last: name → slot. */
  private readonly scope: { name: string; slot: number }[] = [];
  slots = 0;
  readonly globals = new Set<string>();

  constructor(
    private readonly lines: LineMap,
    private readonly declarations: ReadonlyMap<string, TemplateVariable>,
  ) {}

  nodes(nodes: readonly TemplateNode[]): Emit {
    const parts = nodes.map((node) => this.node(node));
    if (parts.length === 1) return parts[0]!;
    return (rc) => {
      for (let i = 0; i < parts.length; i++) parts[i]!(rc);
    };
  }

  private node(node: TemplateNode): Emit {
    switch (node.kind) {
      case 'text': {
        const { value } = node;
        const cost = textCost(value);
        const over = this.overBudget(node.start, node.end);
        return (rc) => {
          if ((rc.operations += cost) > rc.budget.maxOperations) throw over(rc);
          rc.out += value;
        };
      }
      case 'output':
        return this.output(node);
      case 'if': {
        const branches = node.branches.map((branch) => ({
          test: this.expression(branch.test),
          body: this.nodes(branch.body),
          cost: 1 + expressionCost(branch.test),
          over: this.overBudget(branch.test.start, branch.test.end),
        }));
        const otherwise = node.otherwise ? this.nodes(node.otherwise) : null;
        return (rc) => {
          for (let i = 0; i < branches.length; i++) {
            const branch = branches[i]!;
            if ((rc.operations += branch.cost) > rc.budget.maxOperations) throw branch.over(rc);
            const passed = truthy(branch.test(rc), rc);
            // Counting a large object's keys (once per render) is charged here, after the fact.
            if (rc.operations > rc.budget.maxOperations) throw branch.over(rc);
            if (passed) return branch.body(rc);
          }
          otherwise?.(rc);
        };
      }
      case 'for':
        return this.loop(node);
    }
  }

  private output(node: OutputNode): Emit {
    const subject = this.expression(node.subject);
    const { fallback } = node;
    const formats = node.formats.map((format) => {
      const fn = this.function(format.name);
      const args = format.args.map((arg) => this.expression(arg));
      return (rc: RenderContext, value: unknown) => this.call(fn, [value, ...args.map((arg) => arg(rc))], rc, format.start, format.end);
    });
    const tooLong = this.limitError('maxOutputLength', node.start, node.end);
    const cost = node.formats.reduce((sum, format) => format.args.reduce((n, arg) => n + expressionCost(arg), sum + 1), 1 + expressionCost(node.subject));
    const over = this.overBudget(node.start, node.end);
    return (rc) => {
      if ((rc.operations += cost) > rc.budget.maxOperations) throw over(rc);
      let value = subject(rc);
      let text: string;
      if (fallback !== null && isMissing(value)) text = fallback;
      else {
        for (let i = 0; i < formats.length; i++) value = formats[i]!(rc, value);
        text = typeof value === 'string' ? value : this.text(value, rc, node.start, node.end);
      }
      if ((rc.operations += Math.floor(text.length / CHARS_PER_OPERATION)) > rc.budget.maxOperations) throw over(rc);
      rc.out += rc.html ? escapeHtml(text) : text;
      if (rc.out.length > rc.limits.maxOutputLength) throw tooLong(rc);
    };
  }

  private loop(node: ForNode): Emit {
    const list = this.expression(node.list);
    const itemSlot = this.slots++;
    const loopSlot = this.slots++;
    this.scope.push({ name: 'loop', slot: loopSlot }, { name: node.item, slot: itemSlot });
    const body = this.nodes(node.body);
    this.scope.length -= 2;
    const otherwise = node.otherwise ? this.nodes(node.otherwise) : null;
    const tooMany = this.limitError('maxLoopIterations', node.start, node.start + 1);
    const tooLong = this.limitError('maxOutputLength', node.start, node.start + 1);
    const listSpan = [node.list.start, node.list.end] as const;
    const cost = 1 + expressionCost(node.list);
    const over = this.overBudget(node.start, node.start + 1);
    return (rc) => {
      if ((rc.operations += cost) > rc.budget.maxOperations) throw over(rc);
      const items = list(rc);
      if (items === undefined || items === null || (Array.isArray(items) && items.length === 0)) return otherwise?.(rc);
      if (!Array.isArray(items)) {
        throw this.renderError(`\`{for}\` needs a list, but this is ${describeValue(items)}`, listSpan[0], listSpan[1]);
      }
      const length = items.length;
      const meta = { index: 0, index0: 0, first: true, last: false, length };
      rc.locals[loopSlot] = meta;
      for (let i = 0; i < length; i++) {
        if (++rc.iterations > rc.limits.maxLoopIterations) throw tooMany(rc);
        if (++rc.operations > rc.budget.maxOperations) throw over(rc);
        meta.index = i + 1;
        meta.index0 = i;
        meta.first = i === 0;
        meta.last = i === length - 1;
        rc.locals[itemSlot] = items[i];
        body(rc);
        if (rc.out.length > rc.limits.maxOutputLength) throw tooLong(rc);
      }
    };
  }

  expression(expression: Expression): Evaluate {
    switch (expression.kind) {
      case 'literal': {
        const { value } = expression;
        return () => value;
      }
      case 'variable':
        return this.variable(expression.name);
      case 'member': {
        const object = this.expression(expression.object);
        const { key } = expression;
        if (typeof key === 'string') return (rc) => getMember(object(rc), key);
        const dynamicKey = this.expression(key);
        return (rc) => getMember(object(rc), dynamicKey(rc));
      }
      case 'call': {
        const fn = this.function(expression.name);
        const args = expression.args.map((arg) => this.expression(arg));
        const { start, end } = expression;
        return (rc) => this.call(fn, args.map((arg) => arg(rc)), rc, start, end);
      }
      case 'unary': {
        const operand = this.expression(expression.operand);
        return (rc) => !truthy(operand(rc), rc);
      }
      case 'binary':
        return this.binary(this.expression(expression.left), expression.operator, this.expression(expression.right), this.overBudget(expression.start, expression.end));
    }
  }

  private binary(left: Evaluate, operator: string, right: Evaluate, over: (rc: RenderContext) => TemplateBudgetError): Evaluate {
    switch (operator) {
      case '||':
        return (rc) => {
          const value = left(rc);
          return truthy(value, rc) ? value : right(rc);
        };
      case '&&':
        return (rc) => {
          const value = left(rc);
          return truthy(value, rc) ? right(rc) : value;
        };
      default: {
        // Comparing (or reading a number from) long texts costs by their length.
        const pay = (rc: RenderContext, a: unknown, b: unknown): void => {
          if ((rc.operations += operandCost(a, b)) > rc.budget.maxOperations) throw over(rc);
        };
        const equal = (rc: RenderContext): boolean => {
          const a = left(rc);
          const b = right(rc);
          pay(rc, a, b);
          return areEqual(a, b);
        };
        if (operator === '==') return equal;
        if (operator === '!=') return (rc) => !equal(rc);
        const test = operator === '<' ? (d: number) => d < 0 : operator === '<=' ? (d: number) => d <= 0 : operator === '>' ? (d: number) => d > 0 : (d: number) => d >= 0;
        return (rc) => {
          const a = left(rc);
          const b = right(rc);
          pay(rc, a, b);
          const order = compareValues(a, b);
          return order !== undefined && test(order);
        };
      }
    }
  }

  private variable(name: string): Evaluate {
    for (let i = this.scope.length - 1; i >= 0; i--) {
      const entry = this.scope[i]!;
      if (entry.name === name) return (rc) => rc.locals[entry.slot];
    }
    this.globals.add(name);
    if (name === 'currentDate') {
      return (rc) => ownValue(rc.values, name) ?? new Date(rc.now);
    }
    const declared = this.declarations.get(name);
    if (declared && hasDefault(declared)) {
      const fallback = declared.default;
      return (rc) => {
        const value = ownValue(rc.values, name);
        return isMissing(value) ? fallback : value;
      };
    }
    return (rc) => ownValue(rc.values, name);
  }

  private function(name: string): TemplateFunction {
    const fn = findFunction(name);
    // The parser reports unknown functions and compile refuses such sources.
    if (!fn) throw new TemplateRenderError(`Unknown function \`${name}\``);
    return fn;
  }

  /** Runs a function within the budget: its text arguments are read, its text result built. */
  private call(fn: TemplateFunction, args: unknown[], rc: RenderContext, start: number, end: number): unknown {
    try {
      let chars = 0;
      for (let i = 0; i < args.length; i++) {
        const arg = args[i];
        if (typeof arg === 'string') chars += arg.length;
      }
      spend(rc, Math.floor(chars / CHARS_PER_OPERATION));
      const result = fn.apply(args, rc);
      if (typeof result === 'string') {
        // A value passed through unchanged (`default`) was supplied, not built here.
        if (result.length > rc.budget.maxValueChars && !args.includes(result)) checkLength(rc, result.length);
        spend(rc, Math.floor(result.length / CHARS_PER_OPERATION));
      }
      return result;
    } catch (error) {
      throw this.positioned(error, rc, start, end);
    }
  }

  private text(value: unknown, rc: RenderContext, start: number, end: number): string {
    try {
      return toText(value, rc);
    } catch (error) {
      throw this.positioned(error, rc, start, end);
    }
  }

  /** Adds the position of the failing call or tag to the problems functions report without one. */
  private positioned(error: unknown, rc: RenderContext, start: number, end: number): unknown {
    if (error instanceof BudgetProblem) return this.budgetError(error.kind, rc, start, end);
    if (error instanceof ArgumentProblem) return this.renderError(error.message, start, end);
    return error;
  }

  private budgetError(kind: TemplateBudgetKind, rc: RenderContext, start: number, end: number): TemplateBudgetError {
    return new TemplateBudgetError(kind, budgetMessage(kind, rc.budget), this.lines.span(start, end - start));
  }

  /** The error for running out of operations at `[start, end)`, made only when it happens. */
  private overBudget(start: number, end: number): (rc: RenderContext) => TemplateBudgetError {
    return (rc) => this.budgetError('maxOperations', rc, start, end);
  }

  private renderError(message: string, start: number, end: number): TemplateRenderError {
    return new TemplateRenderError(message, this.lines.span(start, end - start));
  }

  private limitError(limit: 'maxLoopIterations' | 'maxOutputLength', start: number, end: number) {
    return (rc: RenderContext): TemplateLimitError => {
      const message =
        limit === 'maxLoopIterations'
          ? `Loops ran more than ${rc.limits.maxLoopIterations} iterations in total: shorten the list or raise limits.maxLoopIterations`
          : `Output is longer than ${rc.limits.maxOutputLength} characters: shorten the template or its values, or raise limits.maxOutputLength`;
      return new TemplateLimitError(limit, message, this.lines.span(start, end - start));
    };
  }
}
