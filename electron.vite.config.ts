import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

const root = import.meta.dirname;
const alias = { '@shared': resolve(root, 'src-shared') };

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
    plugins: [react()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      rollupOptions: { input: resolve(root, 'src-renderer/index.html') },
    },
  },
});
