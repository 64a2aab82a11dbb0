/** Splits the inside of one `{…}` tag into expression tokens, on demand. */

export type ExprTokenKind = 'ident' | 'number' | 'string' | 'op' | 'eof';

export interface ExprToken {
  readonly kind: ExprTokenKind;
  /** Identifier name, operator, decoded string contents, or number text. */
  readonly value: string;
  readonly start: number;
  readonly end: number;
}

/** A syntax problem inside a tag; the parser turns it into a diagnostic. */
export class ParseProblem extends Error {
  constructor(
    message: string,
    readonly start: number,
    readonly length: number,
  ) {
    super(message);
  }
}

const IDENT = /[\p{L}_][\p{L}\p{N}_]*/uy;
const NUMBER = /\d+(?:\.\d+)?/y;
const TWO_CHAR_OPERATORS = new Set(['==', '!=', '>=', '<=', '&&', '||']);
const ONE_CHAR_OPERATORS = new Set(['>', '<', '!', '(', ')', '[', ']', '.', ',', '|', ':', '/', '-', '#']);
const isAsciiIdentStart = (code: number): boolean => (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95;
const isAsciiIdentPart = (code: number): boolean => isAsciiIdentStart(code) || (code >= 48 && code <= 57);
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r' };

export class TagScanner {
  private lookahead: ExprToken | null = null;

  /** Scans `source` from `pos` (just after `{`) to `end` (the closing `}`). */
  constructor(
    private readonly source: string,
    private pos: number,
    private readonly end: number,
  ) {}

  peek(): ExprToken {
    this.lookahead ??= this.scan();
    return this.lookahead;
  }

  next(): ExprToken {
    const token = this.peek();
    this.lookahead = null;
    return token;
  }

  /** True (and consumes it) when the next token is the operator `op`. */
  eat(op: string): boolean {
    const token = this.peek();
    if (token.kind !== 'op' || token.value !== op) return false;
    this.lookahead = null;
    return true;
  }

  /**
   * Reads the fallback text after `:`: a quoted string, or the raw text up to the next `|` or
   * the end of the tag, trimmed. Call right after consuming `:`.
   */
  readFallback(): string {
    this.skipSpace();
    const c = this.source[this.pos];
    if (c === "'" || c === '"') return this.next().value;
    const stop = this.source.indexOf('|', this.pos);
    const end = stop < 0 || stop > this.end ? this.end : stop;
    const text = this.source.slice(this.pos, end).trim();
    this.pos = end;
    return text;
  }

  private skipSpace(): void {
    while (this.pos < this.end && (this.source[this.pos] === ' ' || this.source[this.pos] === '\t')) this.pos++;
  }

  private scan(): ExprToken {
    this.skipSpace();
    const start = this.pos;
    if (start >= this.end) return { kind: 'eof', value: '', start, end: start };
    const c = this.source[start]!;
    if (c === "'" || c === '"') return this.scanString(c);
    const code = c.charCodeAt(0);
    if (isAsciiIdentStart(code)) {
      let end = start + 1;
      while (end < this.end && isAsciiIdentPart(this.source.charCodeAt(end))) end++;
      // Names may continue with non-ASCII letters (`名称`), which need the Unicode-aware pattern.
      if (end >= this.end || this.source.charCodeAt(end) < 128) return this.token('ident', this.source.slice(start, end), end);
    }
    if (code >= 128 || isAsciiIdentStart(code)) {
      IDENT.lastIndex = start;
      const ident = IDENT.exec(this.source);
      if (ident) return this.token('ident', ident[0], start + ident[0].length);
    }
    if (code >= 48 && code <= 57) {
      NUMBER.lastIndex = start;
      const number = NUMBER.exec(this.source)!;
      return this.token('number', number[0], start + number[0].length);
    }
    const two = this.source.slice(start, start + 2);
    if (TWO_CHAR_OPERATORS.has(two)) return this.token('op', two, start + 2);
    if (ONE_CHAR_OPERATORS.has(c)) return this.token('op', c, start + 1);
    if (c === '=') throw new ParseProblem('Use `==` to compare values', start, 1);
    if (c === '&') throw new ParseProblem('Use `&&` for "and"', start, 1);
    throw new ParseProblem(`Unexpected character \`${c}\``, start, 1);
  }

  private token(kind: ExprTokenKind, value: string, end: number): ExprToken {
    const start = this.pos;
    this.pos = end;
    return { kind, value, start, end };
  }

  private scanString(quote: string): ExprToken {
    const start = this.pos;
    let value = '';
    for (let i = start + 1; i < this.end; i++) {
      const c = this.source[i]!;
      if (c === quote) {
        this.pos = i + 1;
        return { kind: 'string', value, start, end: i + 1 };
      }
      if (c === '\\' && i + 1 < this.end) {
        const escaped = this.source[++i]!;
        value += ESCAPES[escaped] ?? escaped;
      } else value += c;
    }
    throw new ParseProblem(`Unterminated string: add the closing ${quote}`, start, 1);
  }
}
