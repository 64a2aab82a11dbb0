import { AppCode } from '../../domain/index.js';
import { bodySchemaOf, isRequired, jsonSchemaOf, propertiesOf, type JsonSchema } from './json-schema.js';
import { procedureInfo } from './procedures.js';
import { RESPONSES } from './responses.js';
import { REST_ROUTES, type RestRoute } from './routes.js';

/** Base path of the REST API. */
export const REST_BASE = '/api/v1';

/** Names of `{param}` segments of a route path, in order. */
export const pathParamsOf = (path: string): string[] => [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);

/** Whether a route takes its input from the query string (GET, DELETE) or a JSON body. */
export const takesQuery = (route: RestRoute): boolean => route.method === 'GET' || route.method === 'DELETE';

const ERROR_ENVELOPE: JsonSchema = {
  type: 'object',
  required: ['code', 'message', 'data'],
  properties: {
    code: { type: 'integer', description: 'The HTTP status' },
    message: { type: 'string', description: 'What went wrong, in words a person can act on' },
    data: {
      type: 'object',
      required: ['appCode'],
      properties: {
        appCode: { type: 'string', enum: Object.values(AppCode) },
        fieldPaths: { type: 'array', items: { type: 'string' }, description: 'FORMAT_001: the failing input fields' },
        issues: {
          type: 'array',
          description: 'FORMAT_001: per field, a readable sentence and the validator\'s issue code',
          items: { type: 'object', required: ['path', 'message', 'code'], properties: { path: { type: 'string' }, message: { type: 'string' }, code: { type: 'string' } } },
        },
        retryAfterMs: { type: 'integer', description: 'RATE_001: milliseconds until a retry can succeed' },
        details: { type: 'object' },
      },
    },
  },
};

const envelopeOf = (data: JsonSchema): JsonSchema => ({
  type: 'object',
  required: ['code', 'message', 'data'],
  properties: { code: { type: 'integer', const: 200 }, message: { type: 'string', const: 'success' }, data },
});

const errorResponse = (description: string, headers?: Record<string, unknown>) => ({
  description,
  ...(headers ? { headers } : {}),
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

/** Operations that answer 422 / MSG_001 when a direct send is refused (`sendRefused`). */
const REFUSING_PROCEDURES = new Set(['messages.send', 'templates.send']);

const RATE_HEADERS = {
  'Retry-After': { description: 'Seconds until a retry can succeed', schema: { type: 'integer' } },
  'RateLimit-Limit': { description: 'Sends allowed per window', schema: { type: 'integer' } },
  'RateLimit-Remaining': { description: 'Sends left in the window', schema: { type: 'integer' } },
  'RateLimit-Reset': { description: 'Seconds until the window resets', schema: { type: 'integer' } },
};

function operationOf(route: RestRoute): Record<string, unknown> {
  const info = procedureInfo(route.procedure);
  const input = info.input ? jsonSchemaOf(info.input, 'input') : null;
  const pathNames = pathParamsOf(route.path);
  const props = input ? propertiesOf(input) : {};
  const parameters: unknown[] = pathNames.map((name) => ({ name, in: 'path', required: true, schema: props[name] ?? { type: 'string' } }));
  if (input && takesQuery(route)) {
    for (const [name, schema] of Object.entries(props)) {
      if (pathNames.includes(name)) continue;
      parameters.push({ name, in: 'query', required: isRequired(input, name), schema, ...(schema.type === 'array' ? { style: 'form', explode: true } : {}) });
    }
    for (const [alias, field] of Object.entries(route.aliases ?? {})) {
      if (props[field]) parameters.push({ name: alias, in: 'query', required: false, schema: props[field], description: `Same as \`${field}\` (the design document's name).` });
    }
  }
  if (route.isSend) parameters.push({ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', minLength: 1, maxLength: 128 }, description: 'Same as `idempotencyKey`: a repeated key returns the first result instead of sending again.' });

  const hasBody = !takesQuery(route) && input !== null;
  const body = hasBody ? bodySchemaOf(input, pathNames, route.aliases) : null;
  const responses: Record<string, unknown> = {
    200: {
      description: 'Success',
      content: { 'application/json': { schema: envelopeOf(jsonSchemaOf(RESPONSES[route.procedure], 'output')), ...(route.responseExample ? { example: { code: 200, message: 'success', data: route.responseExample } } : {}) } },
    },
    400: errorResponse('FORMAT_001: invalid input (`data.fieldPaths` lists the fields)'),
    401: errorResponse('AUTH_001: missing, expired or invalid bearer token'),
    403: errorResponse('AUTH_002: the token lacks the role this needs'),
    404: errorResponse('MSG_002: not found in the caller\'s organization'),
    429: errorResponse('RATE_001: rate limited', RATE_HEADERS),
    // Answered by Node's HTTP parser before any handler runs (default limit: 16 KiB of headers + URL).
    431: { description: 'The URL or headers are larger than the server accepts' },
    503: errorResponse('SYS_001: unavailable (maintenance or a dependency is down)'),
  };
  if (REFUSING_PROCEDURES.has(route.procedure)) responses[422] = errorResponse('MSG_001: the send was refused (a receiver the organization does not know, with `MC_STRICT_RECEIVERS`)');
  if (hasBody) {
    responses[413] = errorResponse('The body is larger than the server accepts');
    responses[415] = errorResponse('The body is not `application/json`');
  }
  return {
    // `templates.preview` has two operations (by id and by draft source); ids must be unique.
    operationId: REST_ROUTES.filter((r) => r.procedure === route.procedure).length > 1 && pathNames.length ? `${route.procedure}ById` : route.procedure,
    summary: route.summary,
    description: `Calls the tRPC procedure \`${route.procedure}\`. Needs the \`${route.role}\` role${route.role === 'public' ? ' (no token)' : ' or a stronger one'}.`,
    tags: [route.tag],
    security: route.role === 'public' ? [] : [{ bearerAuth: [] }],
    parameters,
    ...(body ? { requestBody: { required: isRequiredBody(body), content: { 'application/json': { schema: body, ...(route.requestExample ? { example: route.requestExample } : {}) } } } } : {}),
    responses,
  };
}

function isRequiredBody(body: JsonSchema): boolean {
  return JSON.stringify(body).includes('"required"');
}

const EVENTS_OPERATION = {
  operationId: 'events',
  summary: 'The live event stream (Server-Sent Events)',
  description:
    'The same events as the tRPC subscription `realtime.events` (`MESSAGE`, `MESSAGE_UPDATED`, `UNREAD_COUNT`, …) as `text/event-stream`. Each event carries its id as the SSE `id:`; reconnect with the standard `Last-Event-ID` header to get everything missed, in order, once. Comment lines are heartbeats.',
  tags: ['events'],
  security: [{ bearerAuth: [] }],
  parameters: [{ name: 'Last-Event-ID', in: 'header', required: false, schema: { type: 'string', maxLength: 128 } }],
  responses: {
    200: { description: 'An endless event stream', content: { 'text/event-stream': { schema: { type: 'string' } } } },
    401: errorResponse('AUTH_001: missing, expired or invalid bearer token'),
  },
};

let cached: JsonSchema | null = null;

/** The OpenAPI 3.1 document of `/api/v1`, generated from the route table and the zod schemas. */
export function openApiDocument(): JsonSchema {
  if (cached) return cached;
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of REST_ROUTES) {
    (paths[route.path] ??= {})[route.method.toLowerCase()] = operationOf(route);
  }
  paths['/events'] = { get: EVENTS_OPERATION };
  cached = {
    openapi: '3.1.0',
    info: {
      title: 'Message Center REST API',
      version: '1.0.0',
      description: 'The REST face of the tRPC API: the same procedures, roles, validation and error codes. Responses are `{code, message, data}`; dates are ISO-8601.',
    },
    servers: [{ url: REST_BASE }],
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { Error: ERROR_ENVELOPE },
    },
    paths,
  };
  return cached;
}
