/**
 * The syntax tree `parser.ts` builds. Every node keeps its source offsets so that validation and
 * render errors can point at it.
 */

/** Offsets of a node in the source: `[start, end)`. */
export interface Located {
  readonly start: number;
  readonly end: number;
}

export type Expression = LiteralExpr | VariableExpr | MemberExpr | CallExpr | UnaryExpr | BinaryExpr;

export interface LiteralExpr extends Located {
  readonly kind: 'literal';
  readonly value: string | number | boolean | null;
}

/** A bare name: a declared variable, a built-in (`currentDate`, `recipient`) or a loop variable. */
export interface VariableExpr extends Located {
  readonly kind: 'variable';
  readonly name: string;
}

/** `object.key` or `object[key]`. */
export interface MemberExpr extends Located {
  readonly kind: 'member';
  readonly object: Expression;
  readonly key: string | Expression;
}

/** `name(args)`: a function call inside an expression. */
export interface CallExpr extends Located {
  readonly kind: 'call';
  readonly name: string;
  readonly args: readonly Expression[];
}

export interface UnaryExpr extends Located {
  readonly kind: 'unary';
  readonly operator: '!';
  readonly operand: Expression;
}

export type BinaryOperator = '||' | '&&' | '==' | '!=' | '<' | '<=' | '>' | '>=';

export interface BinaryExpr extends Located {
  readonly kind: 'binary';
  readonly operator: BinaryOperator;
  readonly left: Expression;
  readonly right: Expression;
}

export type TemplateNode = TextNode | OutputNode | IfNode | ForNode;

export interface TextNode extends Located {
  readonly kind: 'text';
  readonly value: string;
}

/** `{subject:fallback|format|format(args)}`. */
export interface OutputNode extends Located {
  readonly kind: 'output';
  readonly subject: Expression;
  /** Text printed instead when the subject is missing (`undefined`, `null` or `''`); formats are then skipped. */
  readonly fallback: string | null;
  /** Formats applied left to right; each receives the previous value as its first argument. */
  readonly formats: readonly FormatCall[];
}

/** One `|name(args)` step; `args` excludes the piped value. */
export interface FormatCall extends Located {
  readonly name: string;
  readonly args: readonly Expression[];
}

export interface IfBranch {
  readonly test: Expression;
  readonly body: readonly TemplateNode[];
}

/** `{if a}…{else if b}…{else}…{/if}`. */
export interface IfNode extends Located {
  readonly kind: 'if';
  readonly branches: readonly IfBranch[];
  readonly otherwise: readonly TemplateNode[] | null;
}

/** `{for item in list}…{else}…{/for}`; the `{else}` part renders when the list is empty. */
export interface ForNode extends Located {
  readonly kind: 'for';
  readonly item: string;
  readonly itemStart: number;
  readonly list: Expression;
  readonly body: readonly TemplateNode[];
  readonly otherwise: readonly TemplateNode[] | null;
}
