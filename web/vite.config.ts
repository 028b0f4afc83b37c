/**
 * Vite build of the dashboard: `npm run build:web` writes web/dist, which `piguard serve` serves
 * through src/server/web-static.ts. Asset names carry a content hash, so the server can mark them
 * immutable and only index.html needs revalidation.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Inline nothing as data: URLs so the CSP can stay `img-src 'self'`-style strict.
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1200,
  },
  server: {
    // `npx vite web` during development: the API runs on piguard serve's default port.
    proxy: { '/api': 'http://127.0.0.1:4800', '/log': 'http://127.0.0.1:4800' },
  },
});
