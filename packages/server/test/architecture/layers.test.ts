import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
const CRUISER = join(REPO_ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
const CONFIG = join(REPO_ROOT, '.dependency-cruiser.cjs');

/** A small tree laid out like the repository, each file breaking (or keeping) one rule. */
const FIXTURE: Record<string, string> = {
  'packages/server/src/domain/types.ts': `export type Id = string;\n`,
  'packages/server/src/ports/store.ts': `import type { Id } from '../domain/types.js';\nexport interface Store { get(id: Id): Promise<string>; }\n`,
  'packages/server/src/realtime/fan-out.ts': `export const fanOut = (): number => 1;\n`,
  'packages/server/src/services/allowed.ts': `import type { Store } from '../ports/store.js';\nexport const read = (s: Store) => s.get('x');\n`,
  'packages/server/src/services/forbidden.ts': `import { fanOut } from '../realtime/fan-out.js';\nexport const push = () => fanOut();\n`,
  'packages/server/src/trpc/router.ts': `import { fanOut } from '../realtime/fan-out.js';\nexport const route = () => fanOut();\n`,
  'packages/server/src/bus/redis/publish.ts': `export const publish = (): void => undefined;\n`,
  'packages/server/src/store/sqlite/writes.ts': `import { publish } from '../../bus/redis/publish.js';\nexport const write = () => publish();\n`,
  'packages/server/src/domain/cycle-a.ts': `import { b } from './cycle-b.js';\nexport const a = (): number => b() + 1;\n`,
  'packages/server/src/domain/cycle-b.ts': `import { a } from './cycle-a.js';\nexport const b = (): number => (Math.random() > 2 ? a() : 0);\n`,
  'packages/server/src/domain/types-a.ts': `import type { B } from './types-b.js';\nexport interface A { b?: B }\nexport const makeA = (): A => ({});\n`,
  'packages/server/src/domain/types-b.ts': `import { makeA } from './types-a.js';\nexport interface B { n: number }\nexport const b0 = makeA();\n`,
  'packages/server/src/server/left/one.ts': `import { two } from '../right/two.js';\nexport const one = () => two();\n`,
  'packages/server/src/server/right/two.ts': `export const two = (): number => 2;\n`,
  'packages/server/src/server/right/three.ts': `import { one } from '../left/one.js';\nexport const three = () => one();\n`,
  'packages/templates/src/render.ts': `import { readFileSync } from 'node:fs';\nexport const load = (p: string) => readFileSync(p, 'utf8');\n`,
};

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
}

describe('layer rules (.dependency-cruiser.cjs)', () => {
  let dir: string;
  let violations: Violation[];

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mc-layers-'));
    for (const [path, text] of Object.entries(FIXTURE)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    const res = spawnSync(process.execPath, [CRUISER, 'packages', '--config', CONFIG, '--output-type', 'json'], { cwd: dir, encoding: 'utf8', maxBuffer: 16 << 20 });
    expect(res.stdout, res.stderr).toContain('"violations"');
    violations = (JSON.parse(res.stdout) as { summary: { violations: Violation[] } }).summary.violations;
  }, 60_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const rulesBroken = (from: string): string[] => [...new Set(violations.filter((v) => v.from.startsWith(from)).map((v) => v.rule.name))].sort();

  it('refuses services importing realtime, and trpc importing realtime', () => {
    expect(rulesBroken('packages/server/src/services/forbidden.ts')).toEqual(['layer-services']);
    expect(rulesBroken('packages/server/src/trpc/router.ts')).toEqual(['layer-trpc']);
  });

  it('refuses one adapter importing another', () => {
    expect(rulesBroken('packages/server/src/store/sqlite/writes.ts')).toEqual(['adapters-of-store', 'no-adapter-to-adapter-kind']);
  });

  it('refuses a runtime cycle between files, but not one through `import type` only', () => {
    expect(violations.some((v) => v.rule.name === 'no-circular' && v.from.includes('/domain/cycle-'))).toBe(true);
    expect(violations.some((v) => v.from.includes('/domain/types-'))).toBe(false);
  });

  it('refuses a cycle between folders even when no file cycle exists', () => {
    const folderCycles = violations.filter((v) => v.rule.name === 'no-folder-cycles').map((v) => `${v.from} → ${v.to}`);
    expect(folderCycles.join('\n')).toMatch(/server\/src\/server\/(left|right)/);
    expect(violations.some((v) => v.rule.name === 'no-circular' && v.from.includes('/server/src/server/'))).toBe(false);
  });

  it('refuses node: modules in the template package', () => {
    expect(rulesBroken('packages/templates/src/render.ts')).toEqual(['templates-no-io']);
  });

  it('lets allowed imports through', () => {
    expect(rulesBroken('packages/server/src/services/allowed.ts')).toEqual([]);
    expect(rulesBroken('packages/server/src/ports/')).toEqual([]);
    expect(rulesBroken('packages/server/src/realtime/')).toEqual([]);
  });
});
