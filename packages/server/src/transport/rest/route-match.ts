import { REST_ROUTES, type RestMethod, type RestRoute } from './routes.js';

interface CompiledRoute {
  route: RestRoute;
  pattern: RegExp;
  params: string[];
}

const compiled: CompiledRoute[] = REST_ROUTES.map((route) => {
  const params: string[] = [];
  // Path parameters match one segment; ids never contain "/".
  const source = route.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{(\w+)\\?\}/g, (_m, name: string) => {
    params.push(name);
    return '([^/]+)';
  });
  return { route, pattern: new RegExp(`^${source}$`), params };
});

/** Result of matching a path: the route and its raw path parameters, or the methods the path allows. */
export type RouteMatch = { kind: 'found'; route: RestRoute; params: Record<string, string> } | { kind: 'wrong-method'; allow: RestMethod[] } | { kind: 'none' };

/**
 * Finds the route for `method` and `path` (relative to `/api/v1`). Static paths win over
 * parameters.
 */
export function matchRoute(method: string, path: string): RouteMatch {
  const allow = new Set<RestMethod>();
  // A path that names a static resource (`/messages/unread-count`) never falls through to `{messageId}`.
  const isStatic = compiled.some((c) => c.params.length === 0 && c.pattern.test(path));
  for (const c of compiled) {
    if (isStatic && c.params.length > 0) continue;
    const m = c.pattern.exec(path);
    if (!m) continue;
    if (c.route.method !== method) {
      allow.add(c.route.method);
      continue;
    }
    const params: Record<string, string> = {};
    c.params.forEach((name, i) => (params[name] = m[i + 1]!));
    return { kind: 'found', route: c.route, params };
  }
  return allow.size ? { kind: 'wrong-method', allow: [...allow] } : { kind: 'none' };
}
