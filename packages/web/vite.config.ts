import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/** The API server during `npm run dev -w @parta/web`; override with PARTA_API_URL. */
const apiTarget = process.env.PARTA_API_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  root,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
  },
  server: {
    host: '127.0.0.1',
    proxy: {
      // `ws: true` carries the realtime socket (/api/v1/ws) through the same proxy.
      '/api': { target: apiTarget, changeOrigin: false, ws: true },
    },
  },
});
