/**
 * The packages as a user gets them: `npm pack` the three workspaces, install the client tarball
 * alone in an empty project and type-check against it the way frontends do (strict, no
 * skipLibCheck, no Node types), require() it from CommonJS, run publint and
 * @arethetypeswrong/cli on the tarballs, and install all three together to run the server's CLI.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_ROOT, PACKAGES, REPO_ROOT, TSC, freePort, mustRun, newestMtime, packClient, run, start, stop, waitForOutput } from './support/packaging.js';

const NPM = 'npm';
const INSTALL = ['install', '--prefer-offline', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error'];

let work: string;
const tarballs: Record<keyof typeof PACKAGES, string> = { client: '', templates: '', server: '' };

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'mc-pack-'));
  // Other test files run servers from the templates' and server's dist/ meanwhile: rebuild those
  // only when stale (`npm test` builds first), and build the client into a staging copy.
  const stale = (dir: string, output: string) => !existsSync(join(dir, output)) || newestMtime(join(dir, 'src')) > statSync(join(dir, output)).mtimeMs;
  if (stale(PACKAGES.templates, 'dist/index.cjs')) await mustRun(NPM, ['run', 'build'], { cwd: PACKAGES.templates });
  if (stale(PACKAGES.server, 'dist/cli.js')) await mustRun(process.execPath, [TSC, '-p', 'tsconfig.build.json'], { cwd: PACKAGES.server });
  const dest = join(work, 'tarballs');
  mkdirSync(dest);
  tarballs.client = await packClient(dest);
  for (const name of ['templates', 'server'] as const) {
    const { stdout } = await mustRun(NPM, ['pack', '--pack-destination', dest, '--loglevel=error'], { cwd: PACKAGES[name] });
    tarballs[name] = join(dest, stdout.trim().split('\n').at(-1)!);
  }
}, 600_000);
afterAll(() => work && rmSync(work, { recursive: true, force: true }));

/** Every file under `dir`, recursively. */
const listFiles = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(join(dir, e.name)) : [join(dir, e.name)]));

const writeJson = (file: string, value: unknown) => writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);

/** Code a frontend writes; compiles only when the published types are precise. */
const GOOD_TS = `import { createMessageCenterClient, isMessageCenterError, type AppCode, type RouterInputs } from '@message-center/client';
import { createInbox } from '@message-center/client/inbox';
import { queriesOverHttp } from '@message-center/client/http';
export const overHttp = createMessageCenterClient({ url: 'wss://x/trpc', queries: queriesOverHttp({ url: 'https://x/trpc' }) });

const mc = createMessageCenterClient({ url: 'wss://mc.example.com/trpc', getToken: () => null });
export async function firstTitle(): Promise<string | undefined> {
  const page = await mc.messages.list.query({ size: 20, state: 'UNREAD' });
  return page.items[0]?.title;
}
export const input: RouterInputs['messages']['send'] = {
  messageType: 'SYSTEM', title: 't', content: 'c', receiverId: 'u1', expireTime: new Date(), deliverAt: '2030-01-01T00:00:00Z',
};
export function codeOf(e: unknown): AppCode | null {
  return isMessageCenterError(e) ? e.appCode : null;
}
// Browser typing: without Node's types a timer handle is a number.
export const timer: number = setTimeout(() => undefined, 1);
export const inbox = createInbox(mc, { pageSize: 10 });
`;

/** Each of these must fail to compile. */
const BAD_TS: Record<string, string> = {
  'misspelled-field': `import { createMessageCenterClient } from '@message-center/client';
const mc = createMessageCenterClient({ url: 'wss://x/trpc', getToken: () => null });
export const p = mc.messages.list.query({ sizee: 20 });
`,
  'wrong-date-type': `import type { RouterInputs } from '@message-center/client';
export const i: RouterInputs['messages']['send'] = { messageType: 'SYSTEM', title: 't', content: 'c', receiverId: 'u', expireTime: 42 };
`,
  'node-globals': `import '@message-center/client';
export const env = process.env.HOME;
`,
};

function tsconfig(resolution: 'bundler' | 'nodenext', files: string[]) {
  return {
    compilerOptions: {
      strict: true,
      noEmit: true,
      skipLibCheck: false,
      target: 'ES2022',
      // @trpc/server's declarations use Disposable (TypeScript's esnext.disposable lib).
      lib: ['ES2022', 'ESNext.Disposable', 'DOM'],
      types: [],
      module: resolution === 'bundler' ? 'ESNext' : 'NodeNext',
      moduleResolution: resolution === 'bundler' ? 'Bundler' : 'NodeNext',
    },
    files,
  };
}

describe('the client tarball installed alone', () => {
  let app: string;
  beforeAll(async () => {
    app = join(work, 'client-alone');
    mkdirSync(app);
    writeJson(join(app, 'package.json'), { name: 'client-alone', private: true, type: 'module' });
    await mustRun(NPM, [...INSTALL, tarballs.client], { cwd: app });
  }, 600_000);

  it('brings no server, database driver or native build', () => {
    const modules = join(app, 'node_modules');
    expect(existsSync(join(modules, '@message-center', 'client'))).toBe(true);
    for (const absent of ['@message-center/server', 'better-sqlite3', 'mongoose', 'ioredis', 'zod', '@types/node']) {
      expect(existsSync(join(modules, absent)), absent).toBe(false);
    }
    const dts = ['index.d.ts', 'index.d.cts', 'react/index.d.ts'].map((f) => join(modules, '@message-center', 'client', 'dist', f));
    for (const f of dts) expect(readdirSync(join(f, '..')).length).toBeGreaterThan(0);
  });

  for (const resolution of ['bundler', 'nodenext'] as const) {
    it(`type-checks strictly under moduleResolution ${resolution}, and rejects wrong code`, async () => {
      const dir = join(app, resolution);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'good.ts'), GOOD_TS);
      writeJson(join(dir, 'tsconfig.json'), tsconfig(resolution, ['good.ts']));
      const good = await run(process.execPath, [TSC, '-p', join(dir, 'tsconfig.json')], { cwd: dir });
      expect(good.stdout + good.stderr).toBe('');
      expect(good.code).toBe(0);
      // One compiler run for all wrong files; each must have its own error.
      for (const [name, source] of Object.entries(BAD_TS)) writeFileSync(join(dir, `${name}.ts`), source);
      writeJson(join(dir, 'tsconfig.bad.json'), tsconfig(resolution, Object.keys(BAD_TS).map((n) => `${n}.ts`)));
      const bad = await run(process.execPath, [TSC, '-p', join(dir, 'tsconfig.bad.json')], { cwd: dir });
      expect(bad.code).not.toBe(0);
      const errorsOf = (name: string) => bad.stdout.split('\n').filter((l) => l.startsWith(`${name}.ts(`)).join('\n');
      expect(errorsOf('misspelled-field')).toMatch(/sizee/);
      expect(errorsOf('wrong-date-type')).toMatch(/expireTime|number/);
      expect(errorsOf('node-globals')).toMatch(/process/);
      expect(bad.stdout.split('\n').filter((l) => /error TS/.test(l) && !/^(?:misspelled-field|wrong-date-type|node-globals)\.ts\(/.test(l))).toEqual([]);
    }, 300_000);
  }

  it('type-checks and runs from CommonJS (require)', async () => {
    const dir = join(app, 'cjs');
    mkdirSync(dir, { recursive: true });
    writeJson(join(dir, 'package.json'), { type: 'commonjs' });
    writeFileSync(
      join(dir, 'good.cts'),
      `import mc = require('@message-center/client');
const client = mc.createMessageCenterClient({ url: 'wss://x/trpc', getToken: () => null });
export const p: Promise<{ total: number }> = client.messages.list.query({ size: 5 });
`,
    );
    writeFileSync(join(dir, 'bad.cts'), `import mc = require('@message-center/client');\nmc.createMessageCenterClient({ url: 'wss://x/trpc', getToken: () => null }).messages.list.query({ sizee: 5 });\n`);
    const config = (file: string) => ({ ...tsconfig('nodenext', [file]) });
    writeJson(join(dir, 'tsconfig.json'), config('good.cts'));
    writeJson(join(dir, 'tsconfig.bad.json'), config('bad.cts'));
    const good = await run(process.execPath, [TSC, '-p', join(dir, 'tsconfig.json')], { cwd: dir });
    expect(good.stdout + good.stderr).toBe('');
    const bad = await run(process.execPath, [TSC, '-p', join(dir, 'tsconfig.bad.json')], { cwd: dir });
    expect(bad.code).not.toBe(0);
    expect(bad.stdout).toMatch(/sizee/);
    writeFileSync(join(dir, 'run.cjs'), `const mc = require('@message-center/client');\nconsole.log(typeof mc.createMessageCenterClient, typeof mc.isMessageCenterError, require.resolve('@message-center/client'));\n`);
    const ran = await mustRun(process.execPath, ['run.cjs'], { cwd: dir });
    expect(ran.stdout).toMatch(/^function function .*index\.cjs$/m);
  }, 300_000);

  it('imports from ESM', async () => {
    const ran = await mustRun(process.execPath, ['--input-type=module', '-e', "const m = await import('@message-center/client'); console.log(typeof m.createMessageCenterClient, import.meta.resolve('@message-center/client'))"], { cwd: app });
    expect(ran.stdout).toMatch(/^function .*index\.js$/m);
  });
});

describe('the tarballs', () => {
  it('pass publint and @arethetypeswrong/cli', async () => {
    // The client as packed: its staging copy (see packClient).
    const dirs = { ...PACKAGES, client: join(dirname(tarballs.client), 'client-staging') };
    for (const [name, dir] of Object.entries(dirs)) {
      const r = await run('npx', ['--no-install', 'publint', '--strict', dir], { cwd: CLIENT_ROOT });
      expect(r.code, `publint ${name}: ${r.stdout}${r.stderr}`).toBe(0);
    }
    // node16 profile: every consumer resolving through `exports` (Node 10 resolution predates it).
    for (const name of ['client', 'templates'] as const) {
      const r = await run('npx', ['--no-install', 'attw', '--profile', 'node16', '--format', 'ascii', tarballs[name]], { cwd: CLIENT_ROOT });
      expect(r.code, `attw ${name}: ${r.stdout}${r.stderr}`).toBe(0);
    }
    // The server is ESM only by design (Node >= 20.19 can still require() it).
    const server = await run('npx', ['--no-install', 'attw', tarballs.server, '--profile', 'node16', '--format', 'ascii', '--ignore-rules', 'cjs-resolves-to-esm'], { cwd: CLIENT_ROOT });
    expect(server.code, `attw server: ${server.stdout}${server.stderr}`).toBe(0);
  }, 300_000);

  it('ship source maps that carry their sources or point at files in the tarball', async () => {
    for (const [name, tarball] of Object.entries(tarballs)) {
      const dir = join(work, `unpacked-${name}`);
      mkdirSync(dir);
      await mustRun('tar', ['-xzf', tarball, '-C', dir], { cwd: dir });
      const maps = listFiles(join(dir, 'package')).filter((f) => f.endsWith('.map'));
      expect(maps.length, name).toBeGreaterThan(0);
      const unresolved = maps.flatMap((file) => {
        const map = JSON.parse(readFileSync(file, 'utf8')) as { sources: string[]; sourcesContent?: (string | null)[] };
        return map.sources.filter((source, i) => !map.sourcesContent?.[i] && !existsSync(join(dirname(file), source))).map((source) => `${file}: ${source}`);
      });
      expect(unresolved, name).toEqual([]);
    }
  }, 120_000);

  it('install together in an empty directory: the CLI signs a token and serves, and the client talks to it', async () => {
    const dir = join(work, 'all-three');
    mkdirSync(dir);
    writeJson(join(dir, 'package.json'), { name: 'all-three', private: true });
    await mustRun(NPM, [...INSTALL, '--ignore-scripts', tarballs.templates, tarballs.server, tarballs.client], { cwd: dir, timeoutMs: 600_000 });
    // better-sqlite3 has no prebuilt binary here (nothing is downloaded), so it builds from
    // source on install. When this checkout already built the same version, its binary is
    // copied in as a prebuilt one would be; otherwise it is built here.
    const version = (root: string) => (JSON.parse(readFileSync(join(root, 'node_modules/better-sqlite3/package.json'), 'utf8')) as { version: string }).version;
    const built = join(REPO_ROOT, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node');
    if (existsSync(built) && version(REPO_ROOT) === version(dir)) cpSync(join(REPO_ROOT, 'node_modules/better-sqlite3/build'), join(dir, 'node_modules/better-sqlite3/build'), { recursive: true });
    else await mustRun(NPM, ['rebuild', 'better-sqlite3'], { cwd: dir, timeoutMs: 1_500_000 });
    const env = { MC_DATA_DIR: join(dir, 'data'), PORT: String(await freePort()), HOST: '127.0.0.1', LOG_LEVEL: 'warn' };
    const token = await mustRun('npx', ['--offline', 'message-center', 'token', '--user', 'pat', '--org', 'acme', '--role', 'user'], { cwd: dir, env });
    const server = start(join(dir, 'node_modules', '.bin', 'message-center'), ['serve'], { cwd: dir, env });
    try {
      await waitForOutput(server, /running at/);
      const health = await fetch(`http://127.0.0.1:${env.PORT}/healthz`);
      expect(health.status).toBe(200);
      writeFileSync(
        join(dir, 'call.cjs'),
        `const { createMessageCenterClient } = require('@message-center/client');
const WebSocket = require('ws');
const mc = createMessageCenterClient({ url: 'ws://127.0.0.1:${env.PORT}/trpc', getToken: () => process.env.TOKEN, WebSocket });
mc.auth.whoami.query().then(async (me) => { console.log(JSON.stringify(me)); await mc.close(); }, async (e) => { console.error(e); await mc.close(); process.exit(1); });
`,
      );
      const called = await mustRun(process.execPath, ['call.cjs'], { cwd: dir, env: { TOKEN: token.stdout.trim() } });
      expect(JSON.parse(called.stdout)).toMatchObject({ userId: 'pat', orgId: 'acme' });
    } finally {
      await stop(server);
    }
  }, 1_800_000);
});
