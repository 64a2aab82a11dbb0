/**
 * Splits a template source into literal text and `{…}` tags. `{{` and `}}` stand for literal
 * braces; a tag ends at the first `}` outside a quoted string and never spans lines. The
 * standalone-line rule (see `standalone.ts`) is applied before tokens are returned.
 */
import { applyStandaloneRule } from './standalone.js';

export interface TextToken {
  readonly kind: 'text';
  /** The text with `{{`/`}}` already turned into single braces. */
  value: string;
  readonly start: number;
  readonly end: number;
}

export interface TagToken {
  readonly kind: 'tag';
  /** Offset of the opening `{`. */
  readonly start: number;
  /** Offset just after the closing `}`. */
  readonly end: number;
  /** `if`, `else`, `/if`, `for`, `/for` or a `#` comment: tags the standalone-line rule applies to. */
  readonly isBlock: boolean;
  readonly isComment: boolean;
}

export type Token = TextToken | TagToken;

/** A lexical problem: a tag or string that is never closed. */
export interface LexProblem {
  readonly message: string;
  readonly start: number;
  readonly length: number;
}

export interface LexResult {
  readonly tokens: Token[];
  readonly problems: LexProblem[];
}

/** Marks a brace kind that no longer occurs in the rest of the source. */
const NONE = -2;
const BLOCK_TAG = /[ \t]*(?:\/[ \t]*(?:if|for)|if|else|for)(?![\p{L}\p{N}_])/uy;

/** Tokenizes `source`; never throws, reports unclosed tags and strings as problems. */
export function tokenize(source: string): LexResult {
  const tokens: Token[] = [];
  const problems: LexProblem[] = [];
  let text = '';
  let textStart = 0;
  let i = 0;
  const flushText = (end: number): void => {
    if (end > textStart) tokens.push({ kind: 'text', value: text, start: textStart, end });
    text = '';
  };
  // Next brace positions, searched again only once passed, so text full of one kind of brace
  // doesn't make every step rescan to the other.
  let next = -1;
  let close = -1;
  while (i < source.length) {
    if (next !== NONE && next < i) next = find(source, '{', i);
    if (close !== NONE && close < i) close = find(source, '}', i);
    // Copy plain text up to the next brace in one step: this loop is on the render-once path of
    // every preview keystroke, so avoid per-character work where nothing can happen.
    const stop = Math.min(next < 0 ? source.length : next, close < 0 ? source.length : close);
    text += source.slice(i, stop);
    i = stop;
    if (i >= source.length) break;
    if (source[i] === '}') {
      text += '}';
      i += source[i + 1] === '}' ? 2 : 1;
      continue;
    }
    if (source[i + 1] === '{') {
      text += '{';
      i += 2;
      continue;
    }
    const scanned = scanTag(source, i);
    if ('problem' in scanned) {
      // Recover by reading the broken tag as text, up to where scanning stopped.
      problems.push(scanned.problem);
      text += source.slice(i, scanned.resume);
      i = scanned.resume;
      continue;
    }
    flushText(i);
    BLOCK_TAG.lastIndex = i + 1;
    const { isComment } = scanned;
    tokens.push({ kind: 'tag', start: i, end: scanned.end, isBlock: isComment || BLOCK_TAG.test(source), isComment });
    i = scanned.end;
    textStart = i;
  }
  flushText(source.length);
  applyStandaloneRule(tokens);
  return { tokens, problems };
}

/**
 * Finds the end of the tag opening at `open`. After a top-level `:` (a fallback) quotes are
 * ordinary characters until the next `|`, so `{name:it's}` works; a quoted fallback is still
 * skipped as a string so it may contain `|` or `}`.
 */
function find(source: string, brace: string, from: number): number {
  const at = source.indexOf(brace, from);
  return at < 0 ? NONE : at;
}

type ScanResult = { end: number; isComment: boolean } | { problem: LexProblem; resume: number };

function scanTag(source: string, open: number): ScanResult {
  const unclosed = (resume: number): ScanResult => ({
    resume,
    problem: {
      message: 'Unclosed `{`: close the tag with `}` on the same line, or write `{{` for a literal brace',
      start: open,
      length: 1,
    },
  });
  let first = open + 1;
  while (source[first] === ' ' || source[first] === '\t') first++;
  const isComment = source[first] === '#';
  let depth = 0;
  let inFallback = false;
  let fallbackStart = false;
  for (let i = open + 1; i < source.length; i++) {
    const c = source[i];
    if (c === '\n' || c === '\r') return unclosed(i);
    if (c === '}') return { end: i + 1, isComment };
    if (c === '{') return unclosed(i);
    if (isComment) continue;
    if (inFallback) {
      if (c === '|') inFallback = false;
      else if (fallbackStart && (c === "'" || c === '"')) {
        const end = skipString(source, i);
        if (end < 0) return unterminated(source, i, c);
        i = end;
      } else if (c !== ' ' && c !== '\t') fallbackStart = false;
      continue;
    }
    if (c === "'" || c === '"') {
      const end = skipString(source, i);
      if (end < 0) return unterminated(source, i, c);
      i = end;
    } else if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === ':' && depth <= 0) {
      inFallback = true;
      fallbackStart = true;
    }
  }
  return unclosed(source.length);
}

function unterminated(source: string, at: number, quote: string): ScanResult {
  const lineEnd = source.slice(at).search(/[\r\n]/);
  return {
    resume: lineEnd < 0 ? source.length : at + lineEnd,
    problem: { message: `Unterminated string: add the closing ${quote} before the end of the tag`, start: at, length: 1 },
  };
}

/** Index of the closing quote of the string opening at `at`, or -1 if the line ends first. */
function skipString(source: string, at: number): number {
  const quote = source[at];
  for (let i = at + 1; i < source.length; i++) {
    const c = source[i];
    if (c === '\\' && source[i + 1] !== '\n' && source[i + 1] !== '\r') i++;
    else if (c === quote) return i;
    else if (c === '\n' || c === '\r') return -1;
  }
  return -1;
}
