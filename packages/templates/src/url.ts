/** `url(path, params)`: appends query parameters, percent-encoded, keeping any `#fragment` last. */
import { CHARS_PER_OPERATION, checkLength, spend, URL_PAIR_OPERATIONS } from './budget.js';
import { ArgumentProblem, toText, type RenderContext } from './render-context.js';
import { isMissing } from './values.js';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** `encodeURIComponent` that can't throw: lone surrogates become U+FFFD. */
export function encodeComponent(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    // Only lone surrogates make it throw; the replacing pass is kept off the common path.
    return encodeURIComponent(text.replace(LONE_SURROGATE, '\uFFFD'));
  }
}

/** Builds `path?key=value&…` from the own keys of `params`, skipping missing values. */
export function buildUrl(path: unknown, params: unknown, rc: RenderContext): string {
  const base = toText(path, rc);
  if (params === undefined || params === null) return base;
  if (typeof params !== 'object' || Array.isArray(params) || params instanceof Date) {
    throw new ArgumentProblem('url: the second argument must be an object of query parameters, such as a declared OBJECT variable');
  }
  const pairs: string[] = [];
  let length = base.length;
  for (const [key, value] of Object.entries(params)) {
    for (const item of Array.isArray(value) ? (value as unknown[]) : [value]) {
      spend(rc, URL_PAIR_OPERATIONS);
      if (isMissing(item)) continue;
      const text = item instanceof Date ? item.toISOString() : toText(item, rc);
      const pair = `${encodeComponent(key)}=${encodeComponent(text)}`;
      // Checked per pair, so a huge parameter object stops at the cap instead of being encoded whole.
      checkLength(rc, (length += pair.length + 1));
      spend(rc, Math.floor(pair.length / CHARS_PER_OPERATION));
      pairs.push(pair);
    }
  }
  if (pairs.length === 0) return base;
  const hash = base.indexOf('#');
  const beforeHash = hash < 0 ? base : base.slice(0, hash);
  const fragment = hash < 0 ? '' : base.slice(hash);
  const separator = !beforeHash.includes('?') ? '?' : /[?&]$/.test(beforeHash) ? '' : '&';
  return beforeHash + separator + pairs.join('&') + fragment;
}
