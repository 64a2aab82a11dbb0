import { z } from 'zod';

/** A JSON Schema (draft 2020-12, as OpenAPI 3.1 uses) as plain data. */
export type JsonSchema = { [key: string]: unknown };

/**
 * The JSON Schema of `schema`. `io: 'input'` describes what a caller may send (defaults optional,
 * numeric ids accepted), `'output'` what the server returns. Dates travel as ISO-8601 strings.
 */
export function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const out = z.toJSONSchema(schema, {
    io,
    target: 'draft-2020-12',
    unrepresentable: 'any',
    override: (ctx) => {
      const def = ctx.zodSchema._zod.def;
      if (def.type === 'date') {
        ctx.jsonSchema.type = 'string';
        ctx.jsonSchema.format = 'date-time';
      }
    },
  }) as JsonSchema;
  delete out.$schema;
  return out;
}

/** The object branches of a schema: itself, or each `anyOf`/`oneOf` option that is an object. */
export function objectBranches(schema: JsonSchema): JsonSchema[] {
  const options = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (options) return options.flatMap(objectBranches);
  return schema.type === 'object' || schema.properties ? [schema] : [];
}

/** Property schemas of every object branch, merged by name (first branch wins). */
export function propertiesOf(schema: JsonSchema): Record<string, JsonSchema> {
  const merged: Record<string, JsonSchema> = {};
  for (const branch of objectBranches(schema)) {
    for (const [name, prop] of Object.entries((branch.properties ?? {}) as Record<string, JsonSchema>)) merged[name] ??= prop;
  }
  return merged;
}

/** Whether `name` is required in every object branch. */
export function isRequired(schema: JsonSchema, name: string): boolean {
  const branches = objectBranches(schema);
  return branches.length > 0 && branches.every((b) => ((b.required ?? []) as string[]).includes(name));
}

/**
 * A copy of an object (or union of objects) schema without `names` (they travel in the path),
 * and with `aliases` (REST spelling → field) documented as alternative property names.
 */
export function bodySchemaOf(schema: JsonSchema, names: readonly string[], aliases: Record<string, string> = {}): JsonSchema {
  const strip = (s: JsonSchema): JsonSchema => {
    const options = (s.anyOf ?? s.oneOf) as JsonSchema[] | undefined;
    if (options) {
      const key = s.anyOf ? 'anyOf' : 'oneOf';
      // Keep the branches that take the path fields (e.g. preview by templateId, not by source).
      const fitting = names.length ? options.filter((o) => names.every((n) => n in propertiesOf(o))) : options;
      return { ...s, [key]: (fitting.length ? fitting : options).map(strip) };
    }
    if (!s.properties) return s;
    const properties = { ...(s.properties as Record<string, JsonSchema>) };
    for (const n of names) delete properties[n];
    for (const [alias, field] of Object.entries(aliases)) {
      const target = properties[field];
      if (target) properties[alias] = { ...target, description: `Same as \`${field}\` (the design document's name).` };
    }
    const required = ((s.required ?? []) as string[]).filter((r) => !names.includes(r));
    const copy: JsonSchema = { ...s, properties };
    if (required.length) copy.required = required;
    else delete copy.required;
    return copy;
  };
  return strip(schema);
}

/**
 * Turns query-string values into what the schema expects (numbers, booleans, arrays), by the
 * property's JSON Schema type. Values that do not convert stay strings, so the procedure's own
 * validation reports them (FORMAT_001 with the field path).
 */
export function coerceQueryValue(prop: JsonSchema | undefined, values: string[]): unknown {
  const types = typesOf(prop);
  if (types.has('array')) {
    const items = (prop?.items ?? {}) as JsonSchema;
    return values.flatMap((v) => v.split(',')).map((v) => coerceScalar(items, v));
  }
  return coerceScalar(prop, values[values.length - 1] ?? '');
}

function coerceScalar(prop: JsonSchema | undefined, value: string): unknown {
  const types = typesOf(prop);
  if ((types.has('integer') || types.has('number')) && !types.has('string') && /^-?\d+(?:\.\d+)?$/.test(value)) return Number(value);
  if (types.has('boolean') && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

function typesOf(prop: JsonSchema | undefined): Set<string> {
  if (!prop) return new Set();
  const out = new Set<string>();
  const t = prop.type;
  if (typeof t === 'string') out.add(t);
  if (Array.isArray(t)) for (const x of t) out.add(String(x));
  for (const key of ['anyOf', 'oneOf'] as const) {
    const options = prop[key] as JsonSchema[] | undefined;
    if (options) for (const o of options) for (const x of typesOf(o)) out.add(x);
  }
  return out;
}
