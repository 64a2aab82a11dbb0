#!/usr/bin/env node
/**
 * The CommonJS half of the package, built after `tsc` has emitted the ESM half into dist/:
 * dist/index.cjs (one esbuild bundle of src/, with a source map carrying its sources) and
 * dist/index.d.cts (the declarations bundled by rollup-plugin-dts, so `require` consumers get
 * types that describe a CommonJS module).
 */
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { rollup } from 'rollup';
import { dts } from 'rollup-plugin-dts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

await build({
  entryPoints: [join(ROOT, 'src', 'index.ts')],
  outfile: join(ROOT, 'dist', 'index.cjs'),
  bundle: true,
  format: 'cjs',
  platform: 'neutral',
  target: 'es2022',
  sourcemap: true,
  sourcesContent: true,
  logLevel: 'warning',
});
const bundle = await rollup({ input: join(ROOT, 'dist', 'index.d.ts'), plugins: [dts()] });
await bundle.write({ file: join(ROOT, 'dist', 'index.d.cts'), format: 'es' });
await bundle.close();
