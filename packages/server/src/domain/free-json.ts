import { z } from 'zod';

/**
 * Keys refused anywhere in free-form JSON. They can reach an object's prototype when a consumer
 * merges the data, and superjson refuses to serialize them, so one stored value holding them
 * would make every response that includes it fail.
 */
export const POISONOUS_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Deepest nesting accepted in free-form JSON: serializers recurse, so depth must be bounded. */
export const FREE_JSON_MAX_DEPTH = 32;

/** One reason a free-form value is refused, with the path (relative to the value) it was found at. */
export interface FreeJsonProblem {
  path: (string | number)[];
  message: string;
}

/**
 * Walks `value` without recursion and reports the first poisonous key or over-deep nesting.
 * Iterative so that hostile nesting cannot overflow the stack; visits each node once.
 */
export function findFreeJsonProblem(value: unknown): FreeJsonProblem | null {
  const stack: { node: unknown; path: (string | number)[] }[] = [{ node: value, path: [] }];
  while (stack.length) {
    const { node, path } = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (path.length > FREE_JSON_MAX_DEPTH) {
      return { path, message: `is nested deeper than ${FREE_JSON_MAX_DEPTH} levels` };
    }
    if (Array.isArray(node)) {
      node.forEach((item, i) => stack.push({ node: item, path: [...path, i] }));
      continue;
    }
    for (const key of Object.keys(node)) {
      if (POISONOUS_KEYS.has(key)) {
        return { path: [...path, key], message: `uses the reserved key "${key}" (refused: __proto__, constructor, prototype)` };
      }
      stack.push({ node: (node as Record<string, unknown>)[key], path: [...path, key] });
    }
  }
  return null;
}

/** Adds a zod issue for the first problem in the raw input, if any. */
function refuseProblems(value: unknown, ctx: z.RefinementCtx): void {
  const problem = findFreeJsonProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message });
}

/**
 * Any JSON value, checked on the raw input (before zod copies it) for poisonous keys and depth.
 */
export const FreeJsonValue = z.unknown().superRefine(refuseProblems);

/**
 * A free-form JSON object (e.g. `metadata.customData`, template values), checked the same way.
 * The check runs on the raw input because `z.record` silently drops an own `__proto__` key;
 * the cast keeps the object type for callers (the pipe alone would type the input `unknown`).
 */
export const FreeJsonObject = z
  .unknown()
  .superRefine(refuseProblems)
  .pipe(z.record(z.string(), z.unknown())) as unknown as z.ZodType<Record<string, unknown>, Record<string, unknown>>;
