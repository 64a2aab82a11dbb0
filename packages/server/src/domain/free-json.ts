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

/** A node still to visit; the path is rebuilt from parents only when a problem is found. */
interface Pending {
  node: unknown;
  depth: number;
  key: string | number | null;
  parent: Pending | null;
}

function pathOf(entry: Pending): (string | number)[] {
  const path: (string | number)[] = [];
  for (let e: Pending | null = entry; e && e.key !== null; e = e.parent) path.push(e.key);
  return path.reverse();
}

/**
 * Walks `value` without recursion and reports the first poisonous key or over-deep nesting.
 * Iterative so that hostile nesting cannot overflow the stack; visits each node once.
 */
export function findFreeJsonProblem(value: unknown): FreeJsonProblem | null {
  const stack: Pending[] = [{ node: value, depth: 0, key: null, parent: null }];
  while (stack.length) {
    const entry = stack.pop()!;
    const { node, depth } = entry;
    if (node === null || typeof node !== 'object') continue;
    if (depth > FREE_JSON_MAX_DEPTH) {
      return { path: pathOf(entry), message: `is nested deeper than ${FREE_JSON_MAX_DEPTH} levels` };
    }
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) stack.push({ node: node[i] as unknown, depth: depth + 1, key: i, parent: entry });
      continue;
    }
    for (const key of Object.keys(node)) {
      const child: Pending = { node: (node as Record<string, unknown>)[key], depth: depth + 1, key, parent: entry };
      if (POISONOUS_KEYS.has(key)) {
        return { path: pathOf(child), message: `uses the reserved key "${key}" (refused: __proto__, constructor, prototype)` };
      }
      stack.push(child);
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
