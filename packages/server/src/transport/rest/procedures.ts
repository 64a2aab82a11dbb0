import { z } from 'zod';
import type { AnyProcedure } from '@trpc/server';
import { appRouter } from '../../trpc/root.js';

/** What the REST layer needs to know about one tRPC procedure. */
export interface ProcedureInfo {
  type: 'query' | 'mutation' | 'subscription';
  /** The procedure's own input schema (null when it takes none). */
  input: z.ZodType | null;
}

// At run time the router keeps its procedures flat, by dotted path.
const procedures = appRouter._def.procedures as unknown as Record<string, AnyProcedure>;

/** Every procedure path of the router (`messages.send`, …). */
export function procedurePaths(): string[] {
  return Object.keys(procedures);
}

/**
 * The type and input schema of the procedure at `path`, read from the router itself so the REST
 * operation validates with exactly the schema tRPC uses.
 * @throws Error when there is no such procedure, or its input is not one zod schema.
 */
export function procedureInfo(path: string): ProcedureInfo {
  const procedure = procedures[path];
  if (!procedure) throw new Error(`No tRPC procedure at "${path}"`);
  const def = procedure._def as { type: ProcedureInfo['type']; inputs: unknown[] };
  if (def.inputs.length > 1) throw new Error(`"${path}" chains several inputs; the REST layer expects one`);
  const input = def.inputs[0];
  if (input !== undefined && !(input instanceof z.ZodType)) throw new Error(`"${path}" has a non-zod input`);
  return { type: def.type, input: input ?? null };
}
