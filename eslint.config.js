// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import regexp from 'eslint-plugin-regexp';

export default tseslint.config(
  {
    ignores: ['**/dist/**', '**/.next/**', '**/node_modules/**', '**/*.config.*', 'apps/admin/next-env.d.ts'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  regexp.configs.recommended,
  {
    // Every regex may meet hostile input: backtracking that grows faster than the input is an error.
    rules: {
      'regexp/no-super-linear-backtracking': 'error',
      'regexp/no-super-linear-move': 'error',
    },
  },
  {
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Tests may poke at loosely-typed tRPC error shapes and fixtures.
    files: ['**/*.test.ts', '**/test/**/*.ts', '**/contract.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    // Quick editor feedback for the most common slip; the whole layer table (and cycles) is
    // enforced by dependency-cruiser (.dependency-cruiser.cjs, run by the server's lint).
    files: ['packages/server/src/services/**/*.ts', 'packages/server/src/trpc/**/*.ts', 'packages/server/src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/store/sqlite/**', '**/store/mongo/**', '**/bus/memory/**', '**/bus/redis/**'], message: 'Depend on the port (ports/store.ts, ports/bus.ts), not an adapter.' },
            { group: ['mongoose', 'ioredis', 'better-sqlite3'], message: 'Drivers belong in adapters only.' },
          ],
        },
      ],
    },
  },
  {
    // The client SDK ships to browsers: it may import only types from the server.
    files: ['packages/client/src/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@message-center/server', '@message-center/server/*'], allowTypeImports: true, message: 'Import server types with `import type` only.' }] },
      ],
    },
  },
);
