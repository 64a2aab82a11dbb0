/**
 * The standalone-line rule (as in Mustache): a line holding only one block tag (`{if …}`,
 * `{else}`, `{/if}`, `{for …}`, `{/for}`, `{# comment}`) and spaces or tabs renders as nothing,
 * its line break included. This is what lets block tags sit on their own lines without leaving
 * blank lines behind.
 */
import type { Token } from './lexer.js';

/** Removes the surrounding whitespace and line break of every standalone block tag, in place. */
export function applyStandaloneRule(tokens: Token[]): void {
  // Decide on the untouched tokens first: trimming one tag's line must not change whether the
  // tag on the next line counts as standalone.
  const standalone = tokens.map((token, k) => token.kind === 'tag' && token.isBlock && isStandalone(tokens, k));
  for (let k = 0; k < tokens.length; k++) {
    if (!standalone[k]) continue;
    const before = tokens[k - 1];
    const after = tokens[k + 1];
    if (before?.kind === 'text') before.value = before.value.slice(0, lineStartAfterIndent(before.value));
    if (after?.kind === 'text') after.value = after.value.slice(lineRestLength(after.value));
  }
}

const isBlank = (c: string | undefined): boolean => c === ' ' || c === '\t';

/** Index where the trailing spaces/tabs of `text` start. */
function lineStartAfterIndent(text: string): number {
  let i = text.length;
  while (i > 0 && isBlank(text[i - 1])) i--;
  return i;
}

/** Length of the leading spaces/tabs of `text` plus one line break (`\n` or `\r\n`) after them. */
function lineRestLength(text: string): number {
  let i = 0;
  while (isBlank(text[i])) i++;
  if (text[i] === '\n') return i + 1;
  if (text[i] === '\r' && text[i + 1] === '\n') return i + 2;
  return i;
}

function isStandalone(tokens: readonly Token[], k: number): boolean {
  const before = tokens[k - 1];
  if (before) {
    if (before.kind !== 'text') return false;
    const indent = lineStartAfterIndent(before.value);
    const atLineStart = indent === 0 ? k - 1 === 0 : before.value[indent - 1] === '\n';
    // Whitespace-only text that is not at the start of the source sits between two tags.
    if (!atLineStart) return false;
  }
  const after = tokens[k + 1];
  if (after) {
    if (after.kind !== 'text') return false;
    const rest = lineRestLength(after.value);
    const endsLine = after.value[rest - 1] === '\n';
    // Without a line break, the tag is standalone only on the last line of the source.
    if (!endsLine && (rest !== after.value.length || k + 1 !== tokens.length - 1)) return false;
  }
  return true;
}
