import { createTRPCUntypedClient, httpLink, TRPCClientError } from '@trpc/client';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppRouter } from '../../src/index.js';
import { jsonSchemaOf, propertiesOf, type JsonSchema } from '../../src/transport/rest/json-schema.js';
import { openApiDocument, pathParamsOf, takesQuery } from '../../src/transport/rest/openapi.js';
import { procedureInfo, procedurePaths } from '../../src/transport/rest/procedures.js';
import { NOT_ON_REST, REST_ROUTES } from '../../src/transport/rest/routes.js';
import { sqliteBackend, startTestServer, tokenFor, type BackendUnderTest, type TestServer } from '../support/server.js';
import { rest } from './support.js';

describe('REST route table against the tRPC router', () => {
  it('every procedure has a REST operation, except the documented exclusions (subscriptions)', () => {
    const routed = new Set(REST_ROUTES.map((r) => r.procedure));
    const missing = procedurePaths().filter((p) => !routed.has(p as never) && !(p in NOT_ON_REST));
    expect(missing, 'procedures without a REST operation: add a route to transport/rest/routes.ts').toEqual([]);
    for (const path of Object.keys(NOT_ON_REST)) {
      expect(routed.has(path as never), `${path} is excluded and routed`).toBe(false);
      expect(procedureInfo(path).type, `${path} is excluded but is not a subscription`).toBe('subscription');
    }
    for (const route of REST_ROUTES) expect(() => procedureInfo(route.procedure)).not.toThrow();
  });

  it('queries are GET and mutations are not (except read-only POSTs that take a source body)', () => {
    const readOnlyPosts = new Set(['templates.validate', 'templates.preview', 'rules.test']);
    for (const route of REST_ROUTES) {
      const type = procedureInfo(route.procedure).type;
      if (type === 'query' && route.method !== 'GET') expect(readOnlyPosts.has(route.procedure), `${route.method} ${route.path}`).toBe(true);
      if (type === 'mutation') expect(route.method, route.path).not.toBe('GET');
    }
  });

  it("documents exactly the procedure's input fields, from the procedure's own schema", () => {
    const doc = openApiDocument() as { paths: Record<string, Record<string, { parameters: { name: string; in: string }[]; requestBody?: { content: Record<string, { schema: JsonSchema }> } }>> };
    for (const route of REST_ROUTES) {
      const input = procedureInfo(route.procedure).input;
      const op = doc.paths[route.path]![route.method.toLowerCase()]!;
      const fields = new Set(input ? Object.keys(propertiesOf(jsonSchemaOf(input, 'input'))) : []);
      const aliases = new Set(Object.keys(route.aliases ?? {}));
      const documented = new Set(op.parameters.filter((p) => p.in !== 'header').map((p) => p.name));
      if (!takesQuery(route) && op.requestBody) for (const name of Object.keys(propertiesOf(op.requestBody.content['application/json']!.schema))) documented.add(name);
      for (const alias of aliases) documented.delete(alias);
      // Body operations document only the union branches that fit their path (e.g. preview by id).
      for (const name of documented) expect(fields.has(name), `${route.method} ${route.path} documents ${name}`).toBe(true);
      for (const name of pathParamsOf(route.path)) expect(documented.has(name), `${route.path} lacks ${name}`).toBe(true);
      if (takesQuery(route) || route.path !== '/message-templates/{templateId}/preview') {
        for (const name of fields) expect(documented.has(name), `${route.method} ${route.path} omits ${name}`).toBe(true);
      }
    }
  });

  describe('validation is identical over REST and tRPC', () => {
    let backend: BackendUnderTest;
    let server: TestServer;
    let token: string;
    beforeAll(async () => {
      backend = await sqliteBackend();
      server = await startTestServer(backend.env);
      token = await tokenFor('root', 'acme', ['platform']);
    });
    afterAll(async () => {
      await server?.stop();
      await backend?.cleanup();
    });

    it('the same invalid input gives the same app code and field paths on every operation', async () => {
      const trpc = createTRPCUntypedClient<AppRouter>({ links: [httpLink({ url: `${server.url}/trpc`, transformer: superjson, headers: { authorization: `Bearer ${token}` } })] });
      let compared = 0;
      for (const route of REST_ROUTES) {
        const info = procedureInfo(route.procedure);
        if (!info.input || route.role === 'public') continue;
        const props = propertiesOf(jsonSchemaOf(info.input, 'input'));
        const pathNames = pathParamsOf(route.path);
        const invalid: Record<string, unknown> = {};
        for (const name of pathNames) invalid[name] = 'x'.repeat(200);
        for (const [name, prop] of Object.entries(props)) {
          if (pathNames.includes(name)) continue;
          const t = JSON.stringify(prop);
          // Arrays are left out: a query string turns `a,b` into a list by design.
          if (!t.includes('"array"') && (/"(?:integer|number|boolean)"/.test(t) || t.includes('"enum"'))) invalid[name] = 'NOPE';
        }
        let path = route.path;
        for (const name of pathNames) path = path.replace(`{${name}}`, String(invalid[name]));
        const rest400 = takesQuery(route)
          ? await rest(server.url, token, route.method, `${path}?${new URLSearchParams(Object.entries(invalid).filter(([k]) => !pathNames.includes(k)) as [string, string][]).toString()}`)
          : await rest(server.url, token, route.method, path, Object.fromEntries(Object.entries(invalid).filter(([k]) => !pathNames.includes(k))));
        const call = info.type === 'query' ? trpc.query(route.procedure, invalid) : trpc.mutation(route.procedure, invalid);
        const trpcError = await call.then(() => null, (e: unknown) => e);
        expect(trpcError, route.procedure).toBeInstanceOf(TRPCClientError);
        const data = (trpcError as TRPCClientError<AppRouter>).data as { appCode: string; fieldPaths?: string[]; httpStatus: number };
        expect(rest400.status, `${route.method} ${route.path}`).toBe(data.httpStatus);
        expect({ appCode: rest400.body.data.appCode, fieldPaths: [...(rest400.body.data.fieldPaths ?? [])].sort() }, `${route.method} ${route.path}`).toEqual({ appCode: data.appCode, fieldPaths: [...(data.fieldPaths ?? [])].sort() });
        compared++;
      }
      expect(compared).toBeGreaterThan(30);
    });
  });
});
