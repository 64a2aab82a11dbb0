import { defineConfig } from 'vite';

export default defineConfig({
  // React 17+ JSX runtime without a plugin (Vite transforms TSX with oxc).
  oxc: { jsx: { runtime: 'automatic' } },
  build: { sourcemap: true },
});
