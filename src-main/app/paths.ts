import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where Tenure's own files are. The same code runs from sources (vitest, tsx), from the bundle in out/main
 * (CLI, browser mode, Electron) and from bundler chunks in subfolders of out/main, so instead of counting
 * "../" from this file we walk up to the package.json that names this package.
 */
export interface AppPaths {
  /** The repository (or installed package) root: the folder with Tenure's package.json. */
  root: string;
  /** Shipped sample data and icons. */
  resourcesDir: string;
  /** Build output of the main-process entries (cli.js, browser-mode.js, index.js, worker.js). */
  mainOutDir: string;
  /** The sandboxed preload script (built as CommonJS, see electron.vite.config.ts). */
  preloadScript: string;
  /** The built renderer (index.html and assets/). */
  rendererDir: string;
  /** The worker_threads entry as built. */
  workerScript: string;
}

const packageName = 'tenure';

export function findPackageRoot(start: string): string {
  let dir = start;
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        const parsed: unknown = JSON.parse(readFileSync(manifest, 'utf8'));
        if (
          typeof parsed === 'object' &&
          parsed !== null &&
          (parsed as { name?: unknown }).name === packageName
        ) {
          return dir;
        }
      } catch {
        // An unreadable package.json of some other package: keep walking up.
      }
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`Cannot find Tenure's package.json above ${start}.`);
    dir = parent;
  }
}

export function appPaths(root: string = findPackageRoot(dirname(fileURLToPath(import.meta.url)))): AppPaths {
  const mainOutDir = join(root, 'out', 'main');
  return {
    root,
    resourcesDir: join(root, 'resources'),
    mainOutDir,
    preloadScript: join(root, 'out', 'preload', 'index.cjs'),
    rendererDir: join(root, 'out', 'renderer'),
    workerScript: join(mainOutDir, 'worker.js'),
  };
}

/** Tenure's version, from its package.json (the bundle does not inline it, so it never drifts). */
export function appVersion(root: string): string {
  const parsed = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: unknown };
  return typeof parsed.version === 'string' ? parsed.version : '0.0.0';
}
