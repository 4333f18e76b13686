/**
 * The web UI's build: `ui/` -> `dist/ui/` (hashed assets under `assets/`), which
 * the API server serves at `/`. `npm run dev:ui` serves it with hot reload and
 * proxies the API to a running `updraft standalone` (UPDRAFT_API, default :8080).
 */
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));
const api = process.env.UPDRAFT_API ?? 'http://127.0.0.1:8080';

export default defineConfig({
  root: here('.'),
  base: '/',
  plugins: [react()],
  resolve: { alias: { '@updraft/client': here('../src/client/index.ts'), '@updraft/grid-state': here('../src/core/grid-state.ts') } },
  build: {
    outDir: here('../dist/ui'),
    emptyOutDir: true,
    target: 'es2022',
    // No source maps in the package: they double its size; `npm run dev:ui` has them.
    sourcemap: false,
    chunkSizeWarningLimit: 2000,
    reportCompressedSize: false,
  },
  server: {
    proxy: { '/api': api, '/auth': api, '/ui/': api, '/docs': api },
  },
});
