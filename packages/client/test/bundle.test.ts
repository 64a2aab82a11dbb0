import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CLIENT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SERVER_ROOT = join(CLIENT_ROOT, '..', 'server');
const TSC = join(CLIENT_ROOT, '..', '..', 'node_modules', 'typescript', 'bin', 'tsc');

/** Every module specifier a built ES module imports (static, dynamic and re-exports). */
function importSpecifiers(js: string): string[] {
  const found = new Set<string>();
  for (const re of [/\bfrom\s*['"]([^'"]+)['"]/g, /\bimport\s*['"]([^'"]+)['"]/g, /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g, /\brequire\(\s*['"]([^'"]+)['"]\s*\)/g]) {
    for (const m of js.matchAll(re)) found.add(m[1]!);
  }
  return [...found];
}

/** The bare (package) specifiers of every module reachable from `entry` through relative imports. */
function packagesReachableFrom(entry: string): string[] {
  const packages = new Set<string>();
  const visited = new Set<string>();
  const visit = (file: string) => {
    if (visited.has(file)) return;
    visited.add(file);
    for (const s of importSpecifiers(readFileSync(file, 'utf8'))) {
      if (s.startsWith('.')) visit(join(dirname(file), s));
      else packages.add(s);
    }
  };
  visit(entry);
  return [...packages].sort();
}

describe('the built client bundle', () => {
  let out: string;
  beforeAll(() => {
    // The client's types come from the server's declarations; build them if absent or stale.
    const serverTypes = join(SERVER_ROOT, 'dist', 'index.d.ts');
    if (!existsSync(serverTypes) || !readFileSync(serverTypes, 'utf8').includes('RealtimeEvent')) {
      execFileSync(process.execPath, [TSC, '-p', 'tsconfig.build.json'], { cwd: SERVER_ROOT, stdio: 'inherit' });
    }
    out = mkdtempSync(join(tmpdir(), 'mc-client-dist-'));
    execFileSync(process.execPath, [TSC, '-p', 'tsconfig.build.json', '--outDir', out], { cwd: CLIENT_ROOT, stdio: 'inherit' });
  }, 120_000);
  afterAll(() => out && rmSync(out, { recursive: true, force: true }));

  it('is ESM with declarations', () => {
    const files = readdirSync(out);
    expect(files).toContain('index.js');
    expect(files).toContain('index.d.ts');
    expect(readFileSync(join(out, 'index.js'), 'utf8')).toMatch(/^export /m);
  });

  it('imports no server code, database or Redis driver', () => {
    const specifiers = readdirSync(out)
      .filter((f) => f.endsWith('.js'))
      .flatMap((f) => importSpecifiers(readFileSync(join(out, f), 'utf8')));
    expect(specifiers.length).toBeGreaterThan(0);
    for (const forbidden of ['mongoose', 'ioredis', 'better-sqlite3', '@message-center/server', 'ws', 'node:']) {
      expect(specifiers.filter((s) => s === forbidden || s.startsWith(`${forbidden}/`) || (forbidden === 'node:' && s.startsWith('node:')))).toEqual([]);
    }
    const packages = [...new Set(specifiers.filter((s) => !s.startsWith('.')))].sort();
    expect(packages).toEqual(['@trpc/client', 'superjson']);
  });

  it('keeps React out of the root entry', () => {
    expect(packagesReachableFrom(join(out, 'index.js'))).toEqual(['@trpc/client', 'superjson']);
  });

  it('has a react entry that imports only React and the SDK', () => {
    const reactEntry = join(out, 'react', 'index.js');
    expect(existsSync(reactEntry)).toBe(true);
    expect(existsSync(join(out, 'react', 'index.d.ts'))).toBe(true);
    const packages = packagesReachableFrom(reactEntry);
    expect(packages).toContain('react');
    // Beyond React, only what the SDK itself depends on (reached through relative imports of it).
    expect(packages.filter((p) => p !== 'react' && !packagesReachableFrom(join(out, 'index.js')).includes(p))).toEqual([]);
  });
});
