#!/usr/bin/env node
// `npm test`: build, typecheck and lint every workspace (turbo), then run each workspace's
// vitest suite one after another (they start real servers; running them side by side on a
// 2-core machine only makes them flaky), and print one summary line for the whole tree.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const run = (cmd, args, opts = {}) => spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts });

const checks = run('npx', ['turbo', 'run', 'build', 'typecheck', 'lint', '--output-logs=errors-only']);
if (checks.status !== 0) {
  console.error('\nbuild/typecheck/lint failed; see above.');
  process.exit(checks.status ?? 1);
}

const workspaces = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).workspaces.flatMap((w) =>
  w.endsWith('/*') ? [] : [w],
);
for (const dir of ['apps/admin']) if (!workspaces.includes(dir)) workspaces.push(dir);

const out = mkdtempSync(join(tmpdir(), 'mc-test-'));
const totals = { passed: 0, failed: 0, skipped: 0 };
const rows = [];
let ok = true;
for (const ws of workspaces) {
  const pkg = JSON.parse(readFileSync(join(root, ws, 'package.json'), 'utf8'));
  if (!pkg.scripts?.test) continue;
  const report = join(out, `${pkg.name.replace(/\W+/g, '_')}.json`);
  console.log(`\n━━ ${pkg.name} ━━`);
  const startedAt = Date.now();
  const res = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile=${report}`], { cwd: join(root, ws) });
  if (res.status !== 0) ok = false;
  if (!existsSync(report)) {
    rows.push(`${pkg.name}: no report (exit ${res.status})`);
    ok = false;
    continue;
  }
  const r = JSON.parse(readFileSync(report, 'utf8'));
  const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  totals.passed += r.numPassedTests;
  totals.failed += r.numFailedTests;
  totals.skipped += skipped;
  const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
  rows.push(`${pkg.name}: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped (${seconds} s)`);
}
console.log(`\n${rows.join('\n')}`);
console.log(`Tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(ok && totals.failed === 0 && totals.passed > 0 ? 0 : 1);
