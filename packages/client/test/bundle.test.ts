/**
 * The built package (scripts/build.mjs, into a temp directory): both module systems per entry,
 * self-contained declarations, source maps that carry their sources, what each entry imports,
 * and the size budget of the root entry.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_ROOT, REPO_ROOT } from './support/packaging.js';

/** Root entry, minified with its dependencies (what a browser downloads), gzipped. */
const ROOT_ENTRY_BUDGET_BYTES = 16_000;
const ENTRIES = ['index', 'inbox/index', 'http/index', 'react/index'];

/** Every module specifier a built module imports (static, dynamic, re-exports and require). */
function importSpecifiers(js: string): string[] {
  const found = new Set<string>();
  for (const re of [/\bfrom\s*['"]([^'"]+)['"]/g, /\bimport\s*['"]([^'"]+)['"]/g, /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g, /\brequire\(\s*['"]([^'"]+)['"]\s*\)/g]) {
    for (const m of js.matchAll(re)) found.add(m[1]!);
  }
  return [...found].sort();
}

describe('the built client package', () => {
  let out: string;
  const read = (file: string) => readFileSync(join(out, file), 'utf8');
  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), 'mc-client-dist-'));
    execFileSync(process.execPath, ['scripts/build.mjs', '--out', out], { cwd: CLIENT_ROOT, stdio: 'pipe' });
  }, 180_000);
  afterAll(() => out && rmSync(out, { recursive: true, force: true }));

  it('has ESM, CommonJS, declarations for both and source maps with their sources for every entry', () => {
    for (const entry of ENTRIES) {
      for (const ext of ['.js', '.cjs', '.d.ts', '.d.cts', '.js.map', '.cjs.map']) expect(existsSync(join(out, entry + ext)), entry + ext).toBe(true);
      expect(read(`${entry}.js`)).toMatch(/^export\s*\{/m);
      expect(read(`${entry}.cjs`)).toMatch(/module\.exports/);
      const map = JSON.parse(read(`${entry}.js.map`)) as { sources: string[]; sourcesContent?: (string | null)[] };
      expect(map.sourcesContent?.length).toBe(map.sources.length);
      expect(map.sourcesContent?.every((s) => typeof s === 'string' && s.length > 0)).toBe(true);
    }
  });

  it('declarations refer to no server, zod or Node types', () => {
    for (const entry of ENTRIES) {
      for (const ext of ['.d.ts', '.d.cts']) {
        const dts = read(entry + ext);
        expect(importSpecifiers(dts).filter((s) => !['@trpc/client', '@trpc/server', 'react', '@message-center/client', '@message-center/client/inbox'].includes(s)), entry).toEqual([]);
        expect(dts).not.toMatch(/@message-center\/server|from ['"]zod['"]|reference types=["']node["']|NodeJS\./);
      }
    }
    // Inputs are typed precisely: dates the server coerces accept a Date or an ISO string.
    expect(read('index.d.ts')).toMatch(/expireTime\?: string \| Date \| undefined;/);
  });

  it('each entry imports only what it needs; the root never imports React, ws or Node built-ins', () => {
    expect(importSpecifiers(read('index.js'))).toEqual(['@trpc/client', '@trpc/server/observable', 'superjson']);
    expect(importSpecifiers(read('inbox/index.js'))).toEqual(['@message-center/client']);
    expect(importSpecifiers(read('http/index.js'))).toEqual(['@trpc/client', 'superjson']);
    expect(importSpecifiers(read('react/index.js'))).toEqual(['@message-center/client/inbox', 'react']);
    for (const entry of ENTRIES) expect(importSpecifiers(read(`${entry}.cjs`))).toEqual(importSpecifiers(read(`${entry}.js`)));
  });

  it(`keeps the root entry within ${ROOT_ENTRY_BUDGET_BYTES / 1000} kB gzip (minified, dependencies included)`, async () => {
    const result = await build({ entryPoints: [join(out, 'index.js')], bundle: true, minify: true, format: 'esm', platform: 'browser', write: false, logLevel: 'silent', nodePaths: [join(CLIENT_ROOT, 'node_modules'), join(REPO_ROOT, 'node_modules')] });
    const gzipped = gzipSync(result.outputFiles[0]!.contents).length;
    console.log(`root entry: ${(gzipped / 1000).toFixed(1)} kB gzip (budget ${ROOT_ENTRY_BUDGET_BYTES / 1000} kB)`);
    expect(gzipped).toBeGreaterThan(5_000);
    expect(gzipped).toBeLessThanOrEqual(ROOT_ENTRY_BUDGET_BYTES);
  });
});
