import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { freePort } from '../support/process.js';

const REPO_ROOT = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..', '..');

describe('npm start', () => {
  it('answers /healthz within 10 s and stops on SIGTERM', async () => {
    const [port, adminPort] = [await freePort(), await freePort()];
    const dataDir = mkdtempSync(join(tmpdir(), 'mc-start-'));
    const child = spawn('npm', ['start'], {
      cwd: REPO_ROOT,
      env: { ...process.env, PORT: String(port), ADMIN_PORT: String(adminPort), MC_DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    // The SIGTERM below reaches the whole process group, and `npm` may exit on it at once while
    // the server (a grandchild that inherited these pipes) is still closing its listener. 'close' fires only once every process
    // holding the pipes (npm, scripts/start.mjs, the server) has exited, so it marks the end of
    // the server process itself, not just of `npm`.
    const serverGone = new Promise<void>((resolve) => child.once('close', () => resolve()));
    try {
      const started = Date.now();
      let healthy = false;
      while (!healthy && Date.now() - started < 10_000) {
        healthy = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
        if (!healthy) await new Promise((r) => setTimeout(r, 100));
      }
      expect(healthy, `no /healthz within 10 s:\n${output}`).toBe(true);
    } finally {
      process.kill(-child.pid!, 'SIGTERM');
      await serverGone;
      rmSync(dataDir, { recursive: true, force: true });
    }
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  }, 60_000);
});
