import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import {
  contentSecurityPolicy,
  developmentContentSecurityPolicy,
} from './src-main/app/content-security-policy';

const root = import.meta.dirname;
const alias = { '@shared': resolve(root, 'src-shared') };

/** Dev server only: relaxes the <meta> CSP just enough for hot reload (see content-security-policy.ts). */
const developmentCsp: Plugin = {
  name: 'tenure-development-csp',
  apply: 'serve',
  transformIndexHtml: (html) =>
    html.replace(
      contentSecurityPolicy.replace("; frame-ancestors 'none'", ''),
      developmentContentSecurityPolicy.replace("; frame-ancestors 'none'", ''),
    ),
};

export default defineConfig({
  // Main-process code. Besides the Electron entry it builds the plain-Node entries that run the same
  // services without Electron: the CLI, browser mode, and the worker that runs jobs and queries.
  main: {
    resolve: { alias },
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve(root, 'src-main/app/electron-main.ts'),
          cli: resolve(root, 'src-main/transports/cli/main.ts'),
          'browser-mode': resolve(root, 'src-main/app/browser-mode.ts'),
          worker: resolve(root, 'src-main/jobs/worker.ts'),
        },
      },
    },
  },
  // A sandboxed preload cannot be an ES module, so it is built as CommonJS.
  preload: {
    resolve: { alias },
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve(root, 'src-main/transports/electron/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src-renderer'),
    resolve: { alias },
    plugins: [react(), developmentCsp],
    build: {
      outDir: resolve(root, 'out/renderer'),
      rollupOptions: { input: resolve(root, 'src-renderer/index.html') },
      // ECharts is one ~510 kB chunk, loaded with the first chart only; that is expected.
      chunkSizeWarningLimit: 600,
    },
  },
});
