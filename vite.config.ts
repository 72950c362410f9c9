import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import postcssPresetMantine from 'postcss-preset-mantine';
import { defineConfig } from 'vite';

const apiTarget = process.env.GUANXI_API_URL ?? 'http://localhost:3000';
const proxied = ['/api', '/docs', '/openapi.json', '/health'];

/**
 * Builds the web app from `src/web` into `dist/web`, which the Fastify server serves statically
 * (with an index.html fallback for client routes). `npx vite` runs a hot-reloading dev server that
 * forwards API calls to the server on port 3000.
 */
export default defineConfig({
  root: fileURLToPath(new URL('./src/web', import.meta.url)),
  plugins: [react()],
  css: { postcss: { plugins: [postcssPresetMantine()] } },
  build: {
    outDir: fileURLToPath(new URL('./dist/web', import.meta.url)),
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 400,
  },
  server: {
    port: 5173,
    proxy: Object.fromEntries(proxied.map((path) => [path, { target: apiTarget, changeOrigin: false }])),
  },
  preview: { port: 4173 },
});
