/**
 * Parses the inside of one tag into a tag description: an output (`{x:fallback|format}`), a
 * block tag, or a comment. Syntax errors throw a {@link ParseProblem}; problems that leave a
 * usable tree (unknown function, wrong arity, forbidden property) are reported and parsing goes on.
 */
import type { BinaryOperator, Expression, FormatCall } from './ast.js';
import { findFunction, TEMPLATE_FUNCTIONS } from './formats.js';
import type { DiagnosticCode } from './diagnostics.js';
import { didYouMean } from './suggest.js';
import { ParseProblem, TagScanner, type ExprToken } from './tag-scanner.js';
import { FORBIDDEN_PROPERTIES } from './values.js';

export type ParsedTag =
  | { kind: 'output'; subject: Expression; fallback: string | null; formats: FormatCall[] }
  | { kind: 'if' | 'elseif'; test: Expression }
  | { kind: 'else' | 'endif' | 'endfor' | 'comment' }
  | { kind: 'for'; item: string; itemStart: number; list: Expression };

/** A problem that doesn't stop parsing. */
export interface SoftProblem {
  readonly code: DiagnosticCode;
  readonly message: string;
  readonly start: number;
  readonly length: number;
}

/** Words that can't name a variable. */
export const KEYWORDS: readonly string[] = ['if', 'else', 'for', 'in', 'true', 'false', 'null'];
const MAX_EXPRESSION_DEPTH = 64;
/** Operator chains (`a.b.c…`, `a || b || …`) nest the tree too; this bounds every later walk. */
const MAX_OPERATIONS = 500;
const FUNCTION_NAMES = TEMPLATE_FUNCTIONS.map((fn) => fn.name);

export class TagParser {
  private readonly scanner: TagScanner;
  private depth = 0;
  private operations = 0;

  /** Parses the tag whose `{` is at `start` and whose `}` is at `end - 1`. */
  constructor(
    source: string,
    private readonly start: number,
    private readonly end: number,
    private readonly problems: SoftProblem[],
  ) {
    this.scanner = new TagScanner(source, start + 1, end - 1);
  }

  parse(): ParsedTag {
    const first = this.scanner.peek();
    if (first.kind === 'eof') throw new ParseProblem('Empty tag `{}`: write `{{}}` for literal braces', this.start, this.end - this.start);
    if (first.kind === 'op' && first.value === '#') return { kind: 'comment' };
    if (first.kind === 'op' && first.value === '/') return this.parseClose();
    if (first.kind === 'ident') {
      if (first.value === 'if') {
        this.scanner.next();
        return this.finish({ kind: 'if', test: this.parseCondition('if') });
      }
      if (first.value === 'for') {
        this.scanner.next();
        return this.finish(this.parseFor());
      }
      if (first.value === 'else') {
        this.scanner.next();
        const after = this.scanner.peek();
        if (after.kind === 'ident' && after.value === 'if') {
          this.scanner.next();
          return this.finish({ kind: 'elseif', test: this.parseCondition('else if') });
        }
        return this.finish({ kind: 'else' });
      }
    }
    return this.finish(this.parseOutput());
  }

  private finish<T extends ParsedTag>(tag: T): T {
    const rest = this.scanner.peek();
    if (rest.kind !== 'eof') throw this.unexpected(rest, 'the end of the tag `}`');
    return tag;
  }

  private parseClose(): ParsedTag {
    this.scanner.next();
    const name = this.scanner.next();
    if (name.kind === 'ident' && (name.value === 'if' || name.value === 'for')) {
      return this.finish({ kind: name.value === 'if' ? 'endif' : 'endfor' });
    }
    throw new ParseProblem('Expected `{/if}` or `{/for}`', this.start, this.end - this.start);
  }

  private parseCondition(tag: string): Expression {
    if (this.scanner.peek().kind === 'eof') throw new ParseProblem(`\`{${tag}}\` needs a condition, as in \`{${tag} count > 0}\``, this.start, this.end - this.start);
    return this.parseExpression();
  }

  private parseFor(): ParsedTag {
    const item = this.scanner.next();
    if (item.kind !== 'ident' || KEYWORDS.includes(item.value)) {
      throw new ParseProblem('Expected a loop variable name, as in `{for item in list}`', item.start, Math.max(1, item.end - item.start));
    }
    this.checkName(item);
    const keyword = this.scanner.next();
    if (keyword.kind !== 'ident' || keyword.value !== 'in') throw this.unexpected(keyword, '`in`, as in `{for item in list}`');
    if (this.scanner.peek().kind === 'eof') throw new ParseProblem('Expected a list after `in`', keyword.start, keyword.end - keyword.start);
    return { kind: 'for', item: item.value, itemStart: item.start, list: this.parseExpression() };
  }

  private parseOutput(): ParsedTag {
    const subject = this.parseExpression();
    const fallback = this.scanner.eat(':') ? this.scanner.readFallback() : null;
    const formats: FormatCall[] = [];
    while (this.scanner.eat('|')) {
      const name = this.scanner.next();
      if (name.kind !== 'ident') throw this.unexpected(name, 'a format name after `|`, such as `upper`');
      const hasArgs = this.scanner.peek().kind === 'op' && this.scanner.peek().value === '(';
      const { args, end } = hasArgs ? this.parseArguments() : { args: [], end: name.end };
      this.checkCall(name, args.length + 1, true);
      formats.push({ name: name.value, args, start: name.start, end });
    }
    return { kind: 'output', subject, fallback, formats };
  }

  parseExpression(): Expression {
    if (++this.depth > MAX_EXPRESSION_DEPTH) {
      throw new ParseProblem(`Expression nested more than ${MAX_EXPRESSION_DEPTH} levels deep`, this.scanner.peek().start, 1);
    }
    const expression = this.parseBinary(0);
    this.depth--;
    return expression;
  }

  private static readonly LEVELS: readonly (readonly BinaryOperator[])[] = [['||'], ['&&'], ['==', '!='], ['<', '<=', '>', '>=']];

  private parseBinary(level: number): Expression {
    const operators = TagParser.LEVELS[level];
    if (!operators) return this.parseUnary();
    let left = this.parseBinary(level + 1);
    for (;;) {
      const token = this.scanner.peek();
      if (token.kind !== 'op' || !operators.includes(token.value as BinaryOperator)) return left;
      this.scanner.next();
      if (this.scanner.peek().kind === 'eof') throw new ParseProblem(`Expected a value after \`${token.value}\``, token.start, token.end - token.start);
      const right = this.parseBinary(level + 1);
      this.countOperation(token);
      left = { kind: 'binary', operator: token.value as BinaryOperator, left, right, start: left.start, end: right.end };
    }
  }

  private parseUnary(): Expression {
    const token = this.scanner.peek();
    if (token.kind === 'op' && token.value === '!') {
      this.scanner.next();
      const operand = this.nested(() => this.parseUnary());
      return { kind: 'unary', operator: '!', operand, start: token.start, end: operand.end };
    }
    return this.parsePostfix(this.parsePrimary());
  }

  private nested<T>(parse: () => T): T {
    if (++this.depth > MAX_EXPRESSION_DEPTH) {
      throw new ParseProblem(`Expression nested more than ${MAX_EXPRESSION_DEPTH} levels deep`, this.scanner.peek().start, 1);
    }
    const result = parse();
    this.depth--;
    return result;
  }

  private parsePostfix(expression: Expression): Expression {
    let result = expression;
    for (;;) {
      if (this.scanner.eat('.')) {
        const key = this.scanner.next();
        this.countOperation(key);
        if (key.kind !== 'ident' && key.kind !== 'number') throw this.unexpected(key, 'a property name after `.`');
        this.checkName(key);
        result = { kind: 'member', object: result, key: key.kind === 'number' ? key.value : key.value, start: result.start, end: key.end };
      } else if (this.scanner.eat('[')) {
        this.countOperation(this.scanner.peek());
        const key = this.parseExpression();
        const close = this.scanner.next();
        if (close.kind !== 'op' || close.value !== ']') throw this.unexpected(close, '`]`');
        if (key.kind === 'literal' && typeof key.value === 'string' && FORBIDDEN_PROPERTIES.has(key.value)) {
          this.forbidden(key.value, key.start, key.end - key.start);
        }
        result = { kind: 'member', object: result, key, start: result.start, end: close.end };
      } else if (this.scanner.peek().kind === 'op' && this.scanner.peek().value === '(') {
        throw new ParseProblem('Only functions can be called, such as `date(value, pattern)`', this.scanner.peek().start, 1);
      } else return result;
    }
  }

  private parsePrimary(): Expression {
    const token = this.scanner.next();
    switch (token.kind) {
      case 'number':
        return { kind: 'literal', value: Number(token.value), start: token.start, end: token.end };
      case 'string':
        return { kind: 'literal', value: token.value, start: token.start, end: token.end };
      case 'ident':
        return this.parseName(token);
      case 'op':
        if (token.value === '(') {
          const inner = this.nested(() => this.parseExpression());
          const close = this.scanner.next();
          if (close.kind !== 'op' || close.value !== ')') throw this.unexpected(close, '`)`');
          return inner;
        }
        if (token.value === '-' && this.scanner.peek().kind === 'number') {
          const number = this.scanner.next();
          return { kind: 'literal', value: -Number(number.value), start: token.start, end: number.end };
        }
        throw this.unexpected(token, 'a value');
      default:
        throw this.unexpected(token, 'a value');
    }
  }

  private parseName(token: ExprToken): Expression {
    const name = token.value;
    if (name === 'true' || name === 'false') return { kind: 'literal', value: name === 'true', start: token.start, end: token.end };
    if (name === 'null') return { kind: 'literal', value: null, start: token.start, end: token.end };
    const next = this.scanner.peek();
    if (next.kind === 'op' && next.value === '(') {
      const { args, end } = this.parseArguments();
      this.checkCall(token, args.length, false);
      return { kind: 'call', name, args, start: token.start, end };
    }
    if (KEYWORDS.includes(name)) throw new ParseProblem(`\`${name}\` is a keyword and can't be used as a value here`, token.start, token.end - token.start);
    this.checkName(token);
    return { kind: 'variable', name, start: token.start, end: token.end };
  }

  private parseArguments(): { args: Expression[]; end: number } {
    const open = this.scanner.next();
    const args: Expression[] = [];
    for (;;) {
      const token = this.scanner.peek();
      if (token.kind === 'op' && token.value === ')' && args.length === 0) return { args, end: this.scanner.next().end };
      args.push(this.nested(() => this.parseExpression()));
      const after = this.scanner.next();
      if (after.kind === 'op' && after.value === ')') return { args, end: after.end };
      if (after.kind !== 'op' || after.value !== ',') {
        throw after.kind === 'eof' ? new ParseProblem('Unclosed `(`: add `)`', open.start, 1) : this.unexpected(after, '`,` or `)`');
      }
    }
  }

  private countOperation(at: ExprToken): void {
    if (++this.operations > MAX_OPERATIONS) {
      throw new ParseProblem(`Expression is too long (more than ${MAX_OPERATIONS} operations): split it up`, at.start, Math.max(1, at.end - at.start));
    }
  }

  private checkCall(name: ExprToken, argCount: number, isPiped: boolean): void {
    const fn = findFunction(name.value);
    const length = name.end - name.start;
    if (!fn) {
      const kind = isPiped ? 'format' : 'function';
      this.problems.push({ code: 'UNKNOWN_FUNCTION', message: `Unknown ${kind} \`${name.value}\`.${didYouMean(name.value, FUNCTION_NAMES)}`, start: name.start, length });
      return;
    }
    if (argCount >= fn.minArgs && argCount <= fn.maxArgs) return;
    const shift = isPiped ? 1 : 0;
    const [min, max] = [fn.minArgs - shift, fn.maxArgs - shift];
    const expected = min === max ? `${min}` : `${min} to ${max}`;
    const noun = max === 1 ? 'argument' : 'arguments';
    const where = isPiped ? ' after the piped value' : '';
    this.problems.push({
      code: 'WRONG_ARITY',
      message: `\`${fn.name}\` takes ${expected} ${noun}${where}, got ${argCount - shift}: ${fn.signature}`,
      start: name.start,
      length,
    });
  }

  private checkName(token: ExprToken): void {
    if (FORBIDDEN_PROPERTIES.has(token.value)) this.forbidden(token.value, token.start, token.end - token.start);
  }

  private forbidden(name: string, start: number, length: number): void {
    this.problems.push({ code: 'FORBIDDEN_PROPERTY', message: `\`${name}\` can't be used in templates`, start, length });
  }

  private unexpected(token: ExprToken, expected: string): ParseProblem {
    if (token.kind === 'eof') return new ParseProblem(`Expected ${expected} before the end of the tag`, token.start, 1);
    const shown = token.kind === 'string' ? 'text' : `\`${token.value}\``;
    return new ParseProblem(`Unexpected ${shown}: expected ${expected}`, token.start, token.end - token.start);
  }
}
