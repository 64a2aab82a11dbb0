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
});
