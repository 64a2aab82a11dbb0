#!/usr/bin/env node
/**
 * Builds the published package into dist/:
 * - JavaScript for both module systems (ESM `.js`, CommonJS `.cjs`) with esbuild, one file per
 *   entry, source maps carrying their sources (src/ is not shipped);
 * - declarations bundled per entry with rollup-plugin-dts (`.d.ts` for import, `.d.cts` for
 *   require). The router's types come from src/generated/router.ts, so no declaration refers to
 *   the server package.
 * The React entry imports the root through the package's own name, so both module systems share
 * one instance of the client's code.
 */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { rollup } from 'rollup';
import { dts } from 'rollup-plugin-dts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const TSC = require.resolve('typescript/bin/tsc');
// `--out <dir>` builds elsewhere (tests), leaving dist/ alone.
const outArg = process.argv.indexOf('--out');
const OUT = outArg > 0 ? process.argv[outArg + 1] : join(ROOT, 'dist');
const TYPES = join(OUT, '.declarations');
const SELF = '@message-center/client';

const entries = [
  { name: 'index', src: 'src/index.ts', types: 'index.d.ts', external: ['@trpc/client', '@trpc/server', 'superjson'] },
  { name: 'inbox/index', src: 'src/inbox/index.ts', types: 'inbox/index.d.ts', external: [SELF] },
  { name: 'http/index', src: 'src/http/index.ts', types: 'http/index.d.ts', external: ['@trpc/client', 'superjson', SELF] },
  { name: 'react/index', src: 'src/react/index.ts', types: 'react/index.d.ts', external: ['react', SELF] },
];

rmSync(OUT, { recursive: true, force: true });
execFileSync(process.execPath, [TSC, '-p', 'tsconfig.build.json', '--emitDeclarationOnly', '--declarationMap', 'false', '--outDir', TYPES], { cwd: ROOT, stdio: 'inherit' });

for (const entry of entries) {
  for (const [format, ext] of [['esm', '.js'], ['cjs', '.cjs']]) {
    await build({
      entryPoints: [join(ROOT, entry.src)],
      outfile: join(OUT, entry.name + ext),
      bundle: true,
      format,
      platform: 'neutral',
      target: 'es2022',
      external: entry.external,
      sourcemap: true,
      sourcesContent: true,
      logLevel: 'warning',
    });
  }
  const bundle = await rollup({
    input: join(TYPES, entry.types),
    external: (id) => [...entry.external, '@trpc/server'].some((e) => id === e || id.startsWith(`${e}/`)),
    plugins: [dts({ respectExternal: true })],
  });
  for (const ext of ['.d.ts', '.d.cts']) await bundle.write({ file: join(OUT, entry.name + ext), format: 'es' });
  await bundle.close();
}
rmSync(TYPES, { recursive: true, force: true });
console.log(`built ${OUT}`);
