/**
 * Search tokens: how `messages.search` works the same on every store without `$text` or a
 * full scan. Text is split into runs of CJK characters and runs of letters/digits.
 * - CJK runs index every single character and every overlapping pair (bigram), so a 1- or
 *   2-character query (`维护`) matches inside `系统维护通知`, and longer queries match through
 *   their bigrams.
 * - Latin/digit runs index the lower-cased word; a query's last word also matches as a prefix.
 */

const CJK_CHARS = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}';
const CJK = new RegExp(`[${CJK_CHARS}]`, 'u');
// A Latin/digit run stops at the first CJK character, so `LED屏幕` yields the word `led` and the
// CJK run `屏幕` (CJK characters are letters too, and would otherwise swallow the Latin word).
// The class subtraction (`v` flag) says "letter or digit but not CJK" in one class; the same
// thing as a per-character lookahead was most of the tokenizer's time on the send path.
const RUN = new RegExp(`[${CJK_CHARS}]+|[[\\p{L}\\p{N}]--[${CJK_CHARS}]]+`, 'gv');
const MAX_WORD = 40;
const MAX_TOKENS = 2000;

function* runsOf(text: string): Generator<string> {
  for (const m of text.normalize('NFKC').toLowerCase().matchAll(RUN)) yield m[0];
}

/**
 * The text each list returned by `indexTokens` was made from, so a store can tell a message's
 * tokens are the ones derived from its text (and not keep a copy) without tokenizing it again.
 */
const sourceOf = new WeakMap<readonly string[], { text: string; length: number }>();

/** Whether `tokens` is a list `indexTokens(text)` returned (and still of its length). */
export function isIndexOf(tokens: readonly string[], text: string): boolean {
  const source = sourceOf.get(tokens);
  return source !== undefined && source.length === tokens.length && source.text === text;
}

/** Tokens to index for `text` (deduplicated, bounded). */
export function indexTokens(text: string): string[] {
  const tokens = tokensOf(text);
  sourceOf.set(tokens, { text, length: tokens.length });
  return tokens;
}

function tokensOf(text: string): string[] {
  const out = new Set<string>();
  for (const run of runsOf(text)) {
    if (out.size >= MAX_TOKENS) break;
    if (CJK.test(run)) {
      const chars = Array.from(run);
      for (let i = 0; i < chars.length; i++) {
        out.add(chars[i]!);
        if (i + 1 < chars.length) out.add(chars[i]! + chars[i + 1]!);
      }
    } else {
      out.add(run.slice(0, MAX_WORD));
    }
  }
  return [...out].slice(0, MAX_TOKENS);
}

/** What a query needs: every `exact` token present, and some token starting with `prefix`. */
export interface SearchTerms {
  exact: string[];
  prefix: string | null;
}

/** Turns a user's query into terms that match `indexTokens` output. */
export function queryTerms(query: string): SearchTerms {
  const exact = new Set<string>();
  let prefix: string | null = null;
  const runs = [...runsOf(query)];
  runs.forEach((run, i) => {
    if (CJK.test(run)) {
      const chars = Array.from(run);
      if (chars.length === 1) exact.add(chars[0]!);
      for (let j = 0; j + 1 < chars.length; j++) exact.add(chars[j]! + chars[j + 1]!);
    } else if (i === runs.length - 1) {
      prefix = run.slice(0, MAX_WORD);
    } else {
      exact.add(run.slice(0, MAX_WORD));
    }
  });
  if (prefix !== null && exact.has(prefix)) prefix = null;
  return { exact: [...exact], prefix };
}
