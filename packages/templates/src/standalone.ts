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
    if (before?.kind === 'text') before.value = before.value.replace(/[ \t]*$/, '');
    if (after?.kind === 'text') after.value = after.value.replace(/^[ \t]*(?:\r?\n)?/, '');
  }
}

function isStandalone(tokens: readonly Token[], k: number): boolean {
  const before = tokens[k - 1];
  if (before) {
    if (before.kind !== 'text') return false;
    const lastBreak = before.value.lastIndexOf('\n');
    if (!/^[ \t]*$/.test(before.value.slice(lastBreak + 1))) return false;
    // Whitespace-only text that is not at the start of the source sits between two tags.
    if (lastBreak < 0 && k - 1 !== 0) return false;
  }
  const after = tokens[k + 1];
  if (after) {
    if (after.kind !== 'text') return false;
    const match = /^[ \t]*(\r?\n)?/.exec(after.value);
    const hasBreak = match?.[1] !== undefined;
    if (!hasBreak && (match?.[0].length !== after.value.length || k + 1 !== tokens.length - 1)) return false;
  }
  return true;
}
