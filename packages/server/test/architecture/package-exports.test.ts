import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const PACKAGE_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Imports one entry point of the built package by its public name in a fresh Node process and
 * reports its exports and whether the MongoDB / Redis drivers were loaded (they are CommonJS, so
 * loading them fills `require.cache`).
 */
const PROBE = `import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const mod = await import(process.argv[2]);
const loaded = Object.keys(require.cache);
console.log(JSON.stringify({
  exports: Object.keys(mod),
  mongoose: loaded.some((f) => f.includes('/node_modules/mongoose/')),
  ioredis: loaded.some((f) => f.includes('/node_modules/ioredis/')),
}));
`;

interface Probe {
  exports: string[];
  mongoose: boolean;
  ioredis: boolean;
}

describe('package entry points (built)', () => {
  let probeFile: string;
  let dir: string;

  beforeAll(() => {
    expect(existsSync(join(PACKAGE_ROOT, 'dist', 'testing.js')), 'dist/ is missing or stale: run `npm run build -w @message-center/server`').toBe(true);
    // The probe must sit inside the package so the package's own name resolves through "exports".
    dir = mkdtempSync(join(PACKAGE_ROOT, '.probe-'));
    probeFile = join(dir, 'probe.mjs');
    writeFileSync(probeFile, PROBE);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const probe = (specifier: string): Probe => {
    const res = spawnSync(process.execPath, [probeFile, specifier], { cwd: PACKAGE_ROOT, encoding: 'utf8' });
    expect(res.status, res.stderr).toBe(0);
    return JSON.parse(res.stdout) as Probe;
  };

  it('the root entry serves existing users without loading the MongoDB or Redis drivers', () => {
    const root = probe('@message-center/server');
    expect(root.exports).toEqual(expect.arrayContaining(['appRouter', 'startMessageCenter', 'createServices', 'loadConfig', 'AppError']));
    expect(root).toMatchObject({ mongoose: false, ioredis: false });
  });

  it('each adapter has its own subpath, and only the one asked for loads its driver', () => {
    expect(probe('@message-center/server/store/sqlite')).toMatchObject({ exports: ['createSqliteStore'], mongoose: false, ioredis: false });
    expect(probe('@message-center/server/bus/memory')).toMatchObject({ mongoose: false, ioredis: false });
    expect(probe('@message-center/server/bus/memory').exports.sort()).toEqual(['createMemoryBus', 'createMemoryBusBackend']);
    expect(probe('@message-center/server/store/mongo')).toMatchObject({ mongoose: true, ioredis: false });
    expect(probe('@message-center/server/bus/redis')).toMatchObject({ exports: ['createRedisBus'], mongoose: false, ioredis: true });
  });

  it('exports the store and bus contract suites as /testing', () => {
    expect(probe('@message-center/server/testing').exports.sort()).toEqual(['describeBusContract', 'describeStoreContract']);
  });
});

describe('package manifest', () => {
  it('declares mongoose and ioredis as optional peer dependencies, not dependencies', async () => {
    const { readFile } = await import('node:fs/promises');
    const pkg = JSON.parse(await readFile(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      peerDependencies: Record<string, string>;
      peerDependenciesMeta: Record<string, { optional?: boolean }>;
    };
    for (const driver of ['mongoose', 'ioredis']) {
      expect(pkg.dependencies[driver]).toBeUndefined();
      expect(pkg.peerDependencies[driver]).toBeDefined();
      expect(pkg.peerDependenciesMeta[driver]?.optional).toBe(true);
    }
  });
});
