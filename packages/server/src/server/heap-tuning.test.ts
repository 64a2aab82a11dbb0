import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { missingFlags, WORKER_HEAP_FLAGS, workerExecArgv } from './heap-tuning.js';

describe('heap tuning flags', () => {
  it('leaves out a flag the operator set, however it is spelled', () => {
    expect(missingFlags(['--max-semi-space-size=4', '--heap-growing-percent=20'], ['--max_semi_space_size=16'])).toEqual(['--heap-growing-percent=20']);
    expect(missingFlags(['--heap-growing-percent=20'], ['--heap-growing-percent=50', 'not-a-flag'])).toEqual([]);
    expect(missingFlags(['--heap-growing-percent=20'], [])).toEqual(['--heap-growing-percent=20']);
  });

  it('gives workers every flag not set through NODE_OPTIONS, after their own', () => {
    const argv = workerExecArgv({ NODE_OPTIONS: '--max-semi-space-size=8' });
    expect(argv.slice(0, process.execArgv.length)).toEqual(process.execArgv);
    expect(argv).toEqual(expect.arrayContaining(['--heap-growing-percent=20', '--gc-memory-reducer-start-delay-ms=1000']));
    expect(argv).not.toContain('--max-semi-space-size=4');
    expect(workerExecArgv({})).toEqual(expect.arrayContaining([...WORKER_HEAP_FLAGS]));
  });

  it('names flags this Node.js accepts at start-up', () => {
    // A worker started with a flag this Node.js does not know would exit at once.
    const r = spawnSync(process.execPath, [...WORKER_HEAP_FLAGS, '-e', '0'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const bad = spawnSync(process.execPath, ['--heap-growing-percentage=20', '-e', '0'], { encoding: 'utf8' });
    expect(bad.status).not.toBe(0);
  });
});
