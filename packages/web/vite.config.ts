import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import ts from 'typescript';
import { defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/** The API server during `npm run dev -w @parta/web`; override with PARTA_API_URL. */
const apiTarget = process.env.PARTA_API_URL ?? 'http://127.0.0.1:8080';

/** Files of `public/` the offline shell needs besides the build output. */
const PUBLIC_SHELL = [
  '/favicon.svg',
  '/manifest.webmanifest',
  '/icons/icon-192.png',
  '/icons/icon-512.png',
  '/icons/icon-maskable-512.png',
  '/icons/apple-touch-icon.png',
];

/**
 * Emits /sw.js (src/pwa/service-worker.ts, transpiled) with the list of this
 * build's files to precache and a version derived from them, so every new
 * build replaces the cached shell. No Workbox: the worker is ~60 lines.
 */
function serviceWorker(): Plugin {
  return {
    name: 'parta-service-worker',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const built = Object.keys(bundle)
        .filter((file) => !file.endsWith('.map'))
        .map((file) => `/${file}`)
        .sort();
      const precache = [...built, ...PUBLIC_SHELL];
      const version = createHash('sha256').update(precache.join('\n')).digest('hex').slice(0, 16);
      const source = readFileSync(`${root}src/pwa/service-worker.ts`, 'utf8');
      const js = ts
        .transpileModule(source, {
          compilerOptions: { target: ts.ScriptTarget.ES2020, module: ts.ModuleKind.ESNext },
        })
        .outputText.replace(/^export \{\};?\s*$/m, '')
        .replace('__PARTA_PRECACHE__', JSON.stringify(precache))
        .replace('__PARTA_VERSION__', JSON.stringify(version));
      this.emitFile({ type: 'asset', fileName: 'sw.js', source: js });
    },
  };
}

export default defineConfig({
  root,
  plugins: [react(), serviceWorker()],
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
