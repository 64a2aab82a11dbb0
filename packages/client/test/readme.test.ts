/**
 * Docs that compile: every TypeScript snippet of the README type-checks (strict, browser lib, no
 * Node types), and the generated API types match the server's router.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLIENT_ROOT, TSC, run } from './support/packaging.js';

/** App-side names the snippets use, standing for the reader's own code. */
const APP_DECLARATIONS = `declare function showToast(title: string, body: string): void;
declare const badge: HTMLElement;
declare function signIn(): Promise<string>;
declare function currentUserToken(): string | null;
`;

function snippets(markdown: string): { lang: 'ts' | 'tsx'; code: string; line: number }[] {
  const out: { lang: 'ts' | 'tsx'; code: string; line: number }[] = [];
  for (const m of markdown.matchAll(/^```(tsx?)\n([\s\S]*?)^```$/gm)) {
    out.push({ lang: m[1] as 'ts' | 'tsx', code: m[2]!, line: markdown.slice(0, m.index).split('\n').length + 1 });
  }
  return out;
}

describe('the README', () => {
  const readme = readFileSync(join(CLIENT_ROOT, 'README.md'), 'utf8');
  const blocks = snippets(readme);

  it('has TypeScript snippets, and every one type-checks', async () => {
    expect(blocks.length).toBeGreaterThanOrEqual(7);
    // Inside node_modules/, so the snippets resolve react, ws and @trpc/* as an app would.
    const dir = join(CLIENT_ROOT, 'node_modules', '.cache', 'readme-check');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'app.d.ts'), APP_DECLARATIONS);
    const files = blocks.map((b, i) => {
      const name = `snippet-${String(i + 1).padStart(2, '0')}-line-${b.line}.${b.lang}`;
      // Each snippet is its own module (top-level await and local names do not clash).
      writeFileSync(join(dir, name), `${b.code}\nexport {};\n`);
      return name;
    });
    const src = (p: string) => [join(CLIENT_ROOT, 'src', p)];
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          target: 'ES2022',
          module: 'ESNext',
          moduleResolution: 'Bundler',
          lib: ['ES2022', 'DOM'],
          types: [],
          jsx: 'react-jsx',
          skipLibCheck: true,
          paths: {
            '@message-center/client': src('index.ts'),
            '@message-center/client/inbox': src('inbox/index.ts'),
            '@message-center/client/http': src('http/index.ts'),
            '@message-center/client/react': src('react/index.ts'),
          },
        },
        files: ['app.d.ts', ...files],
      }),
    );
    const r = await run(process.execPath, [TSC, '-p', join(dir, 'tsconfig.json')], { cwd: dir });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.code).toBe(0);
    rmSync(dir, { recursive: true, force: true });
  }, 180_000);

  it('matches the generated API types to the server router (src/generated/router.ts is fresh)', async () => {
    const r = await run(process.execPath, ['scripts/gen-router-types.mjs', '--check'], { cwd: CLIENT_ROOT });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  }, 180_000);
});
