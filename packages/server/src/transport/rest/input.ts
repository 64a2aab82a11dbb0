import type { IncomingMessage } from 'node:http';
import { coerceQueryValue, jsonSchemaOf, propertiesOf, type JsonSchema } from './json-schema.js';
import { procedureInfo } from './procedures.js';
import { takesQuery } from './openapi.js';
import { readJsonBody } from './request.js';
import type { RestRoute } from './routes.js';

/** A REST request the procedure must not see, with the field it concerns. */
export class InputError extends Error {
  constructor(
    message: string,
    readonly fieldPaths: string[],
  ) {
    super(message);
    this.name = 'InputError';
  }
}

const inputProps = new Map<string, Record<string, JsonSchema>>();

/** Property schemas of a procedure's input (for query-string conversion), computed once. */
function propsOf(procedure: string): Record<string, JsonSchema> {
  let props = inputProps.get(procedure);
  if (!props) {
    const input = procedureInfo(procedure).input;
    props = input ? propertiesOf(jsonSchemaOf(input, 'input')) : {};
    inputProps.set(procedure, props);
  }
  return props;
}

/**
 * Builds the procedure input from path parameters, the query string (GET, DELETE) or the JSON
 * body (POST, PUT), REST aliases and the `Idempotency-Key` header. It converts and renames only;
 * validation is the procedure's.
 * @throws BodyError (415/413/400) or InputError (400, FORMAT_001).
 */
export async function restInput(req: IncomingMessage, url: URL, route: RestRoute, pathParams: Record<string, string>, maxBodyBytes: number): Promise<unknown> {
  const hasInput = procedureInfo(route.procedure).input !== null;
  let fields: Record<string, unknown> = {};
  if (takesQuery(route)) {
    const props = propsOf(route.procedure);
    for (const key of new Set(url.searchParams.keys())) {
      const name = route.aliases?.[key] ?? key;
      if (route.aliases?.[key] && url.searchParams.has(name)) throw new InputError(`Give either ${key} or ${name}, not both`, [name]);
      fields[name] = coerceQueryValue(props[name], url.searchParams.getAll(key));
    }
  } else {
    const body = await readJsonBody(req, maxBodyBytes);
    if (body !== undefined && (typeof body !== 'object' || body === null || Array.isArray(body))) {
      throw new InputError('The body must be a JSON object', ['(input)']);
    }
    fields = { ...(body as Record<string, unknown> | undefined) };
    for (const [alias, name] of Object.entries(route.aliases ?? {})) {
      if (!(alias in fields)) continue;
      if (name in fields) throw new InputError(`Give either ${alias} or ${name}, not both`, [name]);
      fields[name] = fields[alias];
      delete fields[alias];
    }
  }
  for (const [name, raw] of Object.entries(pathParams)) {
    try {
      fields[name] = decodeURIComponent(raw);
    } catch {
      throw new InputError(`The ${name} in the path is not valid percent-encoding`, [name]);
    }
  }
  const key = req.headers['idempotency-key'];
  if (route.isSend && typeof key === 'string') {
    if (fields.idempotencyKey !== undefined && fields.idempotencyKey !== key) throw new InputError('The Idempotency-Key header and idempotencyKey differ', ['idempotencyKey']);
    fields.idempotencyKey = key;
  }
  return hasInput ? fields : undefined;
}
