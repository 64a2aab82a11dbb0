/**
 * Builds the syntax tree from tokens: matches `{if}`/`{else}`/`{/if}` and `{for}`/`{/for}`,
 * recovering from mistakes so that one pass reports every problem with its position.
 */
import type { ForNode, IfBranch, IfNode, TemplateNode } from './ast.js';
import type { Diagnostic, DiagnosticCode } from './diagnostics.js';
import { tokenize, type TagToken } from './lexer.js';
import { LineMap } from './location.js';
import { TagParser, type ParsedTag, type SoftProblem } from './tag-parser.js';
import { ParseProblem } from './tag-scanner.js';

/** The parser refuses deeper block nesting whatever the render limits say. */
export const MAX_NESTING = 64;

export interface ParseResult {
  readonly nodes: TemplateNode[];
  /** Syntax problems, all errors. */
  readonly diagnostics: Diagnostic[];
  /** Deepest `{if}`/`{for}` nesting. */
  readonly depth: number;
  readonly lines: LineMap;
}

interface Frame {
  readonly kind: 'if' | 'for';
  readonly tag: TagToken;
  readonly branches: { test: IfBranch['test']; body: TemplateNode[] }[];
  readonly forTag?: Extract<ParsedTag, { kind: 'for' }>;
  body: TemplateNode[];
  otherwise: TemplateNode[] | null;
}

/** Parses `source`; never throws. */
export function parse(source: string): ParseResult {
  const lines = new LineMap(source);
  const diagnostics: Diagnostic[] = [];
  const report = (code: DiagnosticCode, message: string, start: number, length: number): void => {
    diagnostics.push({ severity: 'error', code, message, ...lines.span(start, length) });
  };
  const { tokens, problems } = tokenize(source);
  for (const problem of problems) report('SYNTAX', problem.message, problem.start, problem.length);

  const root: TemplateNode[] = [];
  const stack: Frame[] = [];
  let depth = 0;
  const body = (): TemplateNode[] => stack[stack.length - 1]?.body ?? root;
  const describe = (frame: Frame): string => `\`{${frame.kind}}\` on line ${lines.span(frame.tag.start, 0).line}`;
  const close = (frame: Frame, end: number): void => {
    // Blocks past the nesting limit are already an error; leaving them out of the tree keeps
    // every later recursive walk shallow.
    if (stack.length >= MAX_NESTING) return;
    const node: TemplateNode =
      frame.kind === 'if'
        ? ({ kind: 'if', branches: frame.branches, otherwise: frame.otherwise, start: frame.tag.start, end } satisfies IfNode)
        : ({
            kind: 'for',
            item: frame.forTag!.item,
            itemStart: frame.forTag!.itemStart,
            list: frame.forTag!.list,
            body: frame.branches[0]!.body,
            otherwise: frame.otherwise,
            start: frame.tag.start,
            end,
          } satisfies ForNode);
    body().push(node);
  };

  for (const token of tokens) {
    if (token.kind === 'text') {
      if (token.value !== '') body().push({ kind: 'text', value: token.value, start: token.start, end: token.end });
      continue;
    }
    if (token.isComment) continue;
    const soft: SoftProblem[] = [];
    let tag: ParsedTag;
    try {
      tag = new TagParser(source, token.start, token.end, soft).parse();
    } catch (error) {
      if (!(error instanceof ParseProblem)) throw error;
      report('SYNTAX', error.message, error.start, error.length);
      // Keep the block structure of a broken block tag so its closing tag isn't reported too.
      const opener = placeholderFor(source.slice(token.start + 1, token.end - 1), token.start);
      if (!opener) continue;
      tag = opener;
    } finally {
      for (const problem of soft) report(problem.code, problem.message, problem.start, problem.length);
    }
    const top = stack[stack.length - 1];
    const length = token.end - token.start;
    switch (tag.kind) {
      case 'comment':
        break;
      case 'output':
        body().push({ kind: 'output', subject: tag.subject, fallback: tag.fallback, formats: tag.formats, start: token.start, end: token.end });
        break;
      case 'if':
      case 'for': {
        if (stack.length === MAX_NESTING) report('NESTING_TOO_DEEP', `Blocks are nested more than ${MAX_NESTING} levels deep`, token.start, length);
        const first = { test: 'test' in tag ? tag.test : tag.list, body: [] };
        stack.push({ kind: tag.kind, tag: token, branches: [first], body: first.body, otherwise: null, ...('list' in tag ? { forTag: tag } : {}) });
        depth = Math.max(depth, stack.length);
        break;
      }
      case 'elseif':
      case 'else': {
        const name = tag.kind === 'else' ? '{else}' : '{else if}';
        if (!top || (tag.kind === 'elseif' && top.kind !== 'if')) {
          report('UNEXPECTED_TAG', `\`${name}\` must be inside \`{if}\`${tag.kind === 'else' ? ' or `{for}`' : ''}`, token.start, length);
        } else if (top.otherwise) {
          report('UNEXPECTED_TAG', `\`${name}\` after \`{else}\`: ${describe(top)} already has its \`{else}\``, token.start, length);
        } else if (tag.kind === 'elseif') {
          const branch = { test: tag.test, body: [] };
          top.branches.push(branch);
          top.body = branch.body;
        } else {
          top.otherwise = [];
          top.body = top.otherwise;
        }
        break;
      }
      case 'endif':
      case 'endfor': {
        const kind = tag.kind === 'endif' ? 'if' : 'for';
        const match = stack.map((frame) => frame.kind).lastIndexOf(kind);
        if (match < 0) {
          report('UNEXPECTED_TAG', `\`{/${kind}}\` has no matching \`{${kind}}\``, token.start, length);
          break;
        }
        while (stack.length > match + 1) {
          const inner = stack.pop()!;
          report('UNCLOSED_BLOCK', `${describe(inner)} is not closed before \`{/${kind}}\`: add \`{/${inner.kind}}\``, inner.tag.start, inner.tag.end - inner.tag.start);
          close(inner, token.start);
        }
        close(stack.pop()!, token.end);
        break;
      }
    }
  }
  while (stack.length > 0) {
    const frame = stack.pop()!;
    report('UNCLOSED_BLOCK', `${describe(frame)} is never closed: add \`{/${frame.kind}}\``, frame.tag.start, frame.tag.end - frame.tag.start);
    close(frame, source.length);
  }
  diagnostics.sort((a, b) => a.offset - b.offset);
  return { nodes: root, diagnostics, depth, lines };
}

/** A stand-in for a block tag that failed to parse, so that matching still works. */
function placeholderFor(content: string, start: number): ParsedTag | null {
  const keyword = /^\s*(else\s+if|if|for)(?![\p{L}\p{N}_])/u.exec(content)?.[1];
  const nothing = { kind: 'literal', value: null, start, end: start } as const;
  if (keyword === 'if') return { kind: 'if', test: nothing };
  if (keyword === 'for') return { kind: 'for', item: '', itemStart: start, list: nothing };
  if (keyword?.startsWith('else')) return { kind: 'elseif', test: nothing };
  return null;
}
