#!/usr/bin/env node
// `npm start`: the reference server (PORT, default 3000) and the admin console (ADMIN_PORT,
// default 3001) together. The server starts first and answers /healthz within seconds, even on
// a fresh checkout where the console still has to be built; Ctrl-C / SIGTERM stop both.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const port = process.env.PORT ?? '3000';
const adminPort = process.env.ADMIN_PORT ?? '3001';
const serverUrl = `http://127.0.0.1:${port}`;
const children = new Set();
let stopping = false;

function start(name, cmd, args, opts) {
  const child = spawn(cmd, args, { stdio: 'inherit', ...opts });
  children.add(child);
  child.once('exit', (code, signal) => {
    children.delete(child);
    if (!stopping) {
      console.error(`${name} exited (${signal ?? code}); stopping.`);
      stop(code ?? 1);
    }
  });
  return child;
}

function stop(code = 0) {
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  const force = setTimeout(() => {
    for (const child of children) child.kill('SIGKILL');
  }, 10_000);
  force.unref();
  const finish = () => (children.size === 0 ? process.exit(code) : setTimeout(finish, 100));
  finish();
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

async function waitForHealth(timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${serverUrl}/healthz`)).ok) return true;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

// The server runs from its build when there is one (npm install builds it), else from source
// through tsx (the `@message-center/source` condition points the template package at its
// source too), so it never waits for a build.
const serverDist = join(root, 'packages', 'server', 'dist', 'cli.js');
const templatesDist = join(root, 'packages', 'templates', 'dist', 'index.js');
const fromDist = existsSync(serverDist) && existsSync(templatesDist);
const serverArgs = fromDist
  ? [serverDist, 'serve']
  : ['--conditions=@message-center/source', '--import', 'tsx', join(root, 'packages', 'server', 'src', 'cli.ts'), 'serve'];
const isDevAuth = process.env.MC_DEV_AUTH === '1' || process.env.MC_DEV_AUTH === 'true';
start('server', process.execPath, serverArgs, { cwd: root, env: { ...process.env, PORT: port } });
if (!(await waitForHealth(30_000)))
  console.error(`The server did not answer ${serverUrl}/healthz yet; starting the console anyway.`);

const adminDir = join(root, 'apps', 'admin');
if (!existsSync(join(adminDir, '.next', 'BUILD_ID'))) {
  console.log('Building the admin console (first start only; takes a minute or two)…');
  // Asynchronous, so SIGTERM/SIGINT during the build still stop everything.
  const build = spawn(
    'npx',
    ['turbo', 'run', 'build', '--filter=@message-center/admin', '--output-logs=errors-only'],
    {
      cwd: root,
      stdio: 'inherit',
      // Neither Turborepo nor Next.js prints its telemetry notice into the server's log.
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' },
    },
  );
  children.add(build);
  const status = await new Promise((resolve) => build.once('exit', (code) => resolve(code)));
  children.delete(build);
  if (status !== 0 && !stopping)
    console.error('The console build failed; the server keeps running. Press Ctrl-C to stop.');
}

if (!stopping && existsSync(join(adminDir, '.next', 'BUILD_ID'))) {
  start(
    'console',
    process.execPath,
    [join(root, 'node_modules', 'next', 'dist', 'bin', 'next'), 'start', '-p', adminPort],
    {
      cwd: adminDir,
      env: {
        ...process.env,
        MC_SERVER_URL: process.env.MC_SERVER_URL ?? serverUrl,
        NEXT_TELEMETRY_DISABLED: '1',
      },
    },
  );
  console.log(`
Message Center
  server   ${serverUrl}   (tRPC + WebSocket at /trpc, /healthz, /metrics)
  console  http://127.0.0.1:${adminPort}
Sign in:
  ${isDevAuth ? 'open the console and click "Dev sign-in" (MC_DEV_AUTH is on: development only), or ' : ''}paste a token made with
    ${fromDist ? 'npx message-center' : 'node --conditions=@message-center/source --import tsx packages/server/src/cli.ts'} token --user admin --org acme --role admin
  ${isDevAuth ? '' : 'For one-click sign-in during development, start with MC_DEV_AUTH=1 npm start.'}
`);
}
