// @ts-check
/**
 * The server's layer table, enforced on every `npm test` (through the server's `lint` script,
 * which runs scripts/layers.mjs). Paths are relative to the repository root.
 *
 *   domain     → nothing (types, schemas, error codes; no I/O)
 *   ports      → domain
 *   services   → ports, domain
 *   realtime   → services, ports, domain
 *   trpc       → services, ports, domain (and auth, config)
 *   auth       → ports, domain
 *   transport  → trpc, realtime, ports, domain (and auth, config)
 *   adapters   (store/*, bus/*, channels/*) → ports, domain, their own folder; never another adapter
 *   server/, cli.ts, index.ts (composition root and entry points) → anything
 *
 * Test files (`*.test.ts`) and the adapter contract suites are left out of the layer rules: they
 * wire real components together the way the composition root does.
 * `packages/templates` renders in browsers and servers alike: no `node:` module, no I/O library.
 */
const SRC = '^packages/server/src';
const NOT_TESTS = ['\\.test\\.ts$', '/contract/', '/contract\\.ts$'];

/**
 * A rule saying files under `from` may only depend on the listed sibling folders of
 * packages/server/src (and on npm packages; core modules are governed separately).
 * @param {string} layer @param {string[]} allowed @param {string} why
 * @returns {import('dependency-cruiser').IForbiddenRuleType}
 */
function layer(layer, allowed, why) {
  const inside = [layer, ...allowed].map((f) => f.replace(/\./g, '\\.')).join('|');
  return {
    name: `layer-${layer.replace(/\W+/g, '-')}`,
    comment: `${layer} may import only ${allowed.length ? allowed.join(', ') : 'itself'}: ${why}`,
    severity: 'error',
    from: { path: `${SRC}/${layer}/`, pathNot: NOT_TESTS },
    to: { path: `${SRC}/`, pathNot: `${SRC}/(${inside})(/|$)` },
  };
}

/**
 * An adapter folder (store/sqlite, bus/redis, …) may use ports, domain, its own folder and the
 * shared files of its kind (store/*.ts, bus/*.ts), never a sibling adapter.
 * @param {string} kind @returns {import('dependency-cruiser').IForbiddenRuleType}
 */
function adapters(kind) {
  return {
    name: `adapters-of-${kind}`,
    comment: `An adapter under ${kind}/ depends on ports, domain and its own folder only (never on another adapter).`,
    severity: 'error',
    from: { path: `${SRC}/${kind}/([^/]+)/`, pathNot: NOT_TESTS },
    to: {
      path: `${SRC}/`,
      pathNot: [`${SRC}/(ports|domain)/`, `${SRC}/${kind}/$1/`, `${SRC}/${kind}/[^/]+\\.ts$`],
    },
  };
}

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    layer('domain', [], 'it is the vocabulary every layer shares'),
    layer('ports', ['domain'], 'ports are interfaces over domain types'),
    layer('services', ['ports', 'domain'], 'business rules reach the world through ports only'),
    layer('realtime', ['services', 'ports', 'domain'], 'live delivery sits beside the API, never below services'),
    layer('trpc', ['services', 'ports', 'domain', 'auth', 'config.ts'], 'routers call services; sockets and live fan-out are wired in by the composition root'),
    layer('transport', ['trpc', 'realtime', 'ports', 'domain', 'auth', 'config.ts'], 'transport carries frames; it builds nothing'),
    layer('auth', ['domain', 'ports'], 'token checks work on domain types and implement the TokenIssuer port'),
    adapters('store'),
    adapters('bus'),
    adapters('channels'),
    {
      name: 'adapter-root-files',
      comment: 'Shared files of an adapter kind (bus/validation.ts, …) use ports and domain only.',
      severity: 'error',
      from: { path: `${SRC}/(store|bus|channels)/[^/]+\\.ts$`, pathNot: NOT_TESTS },
      to: { path: `${SRC}/`, pathNot: [`${SRC}/(ports|domain)/`, `${SRC}/(store|bus|channels)/`] },
    },
    {
      name: 'no-adapter-to-adapter-kind',
      comment: 'A store adapter never imports a bus or channel adapter, and so on.',
      severity: 'error',
      from: { path: `${SRC}/(store|bus|channels)/`, pathNot: NOT_TESTS },
      to: { path: `${SRC}/(store|bus|channels)/`, pathNot: `${SRC}/$1/` },
    },
    {
      name: 'no-io-below-services',
      comment: 'domain, ports and services do no I/O of their own: no node: modules except the harmless few.',
      severity: 'error',
      from: { path: `${SRC}/(domain|ports|services)/`, pathNot: NOT_TESTS },
      to: { dependencyTypes: ['core'], pathNot: '^(node:)?(crypto|util|events|timers/promises)$' },
    },
    {
      name: 'no-drivers-outside-adapters',
      comment: 'mongoose, ioredis and better-sqlite3 load only inside their adapters.',
      severity: 'error',
      from: { path: `${SRC}/`, pathNot: [`${SRC}/(store|bus)/`, ...NOT_TESTS] },
      to: { path: 'node_modules/(mongoose|ioredis|better-sqlite3)/' },
    },
    {
      name: 'templates-no-io',
      comment: 'The template language runs in browsers: no node: module and no I/O library.',
      severity: 'error',
      from: { path: '^packages/templates/src/', pathNot: '\\.test\\.ts$' },
      to: {
        dependencyTypesNot: ['local', 'type-only'],
      },
    },
    {
      name: 'no-circular',
      comment: 'No runtime import cycle between files (a cycle through `import type` only loads nothing).',
      severity: 'error',
      from: { pathNot: NOT_TESTS },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'no-folder-cycles',
      comment: 'No cycle between folders, types included: each folder can be read knowing only those below it.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^packages/(server|templates)/src/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['/dist/', '\\.d\\.ts$'] },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.json'],
    },
  },
};
