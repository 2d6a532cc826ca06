import type { AppMode } from '@shared/contract/app';
import { defaultDataDir, defaultProjectsDir, sourceWorker, type AppEnvironment } from './environment';
import { appPaths, appVersion, type AppPaths } from './paths';

/**
 * The AppEnvironment of a launched Tenure (Electron app, browser mode, CLI): folders from the user's
 * settings (or TENURE_DATA_DIR / TENURE_PROJECTS_DIR), resources and the built worker from the install.
 * Run from TypeScript (tests, tsx) it uses the worker's source, since nothing need be built.
 */
export function createEnvironment(mode: AppMode): AppEnvironment {
  const paths = appPaths();
  return {
    mode,
    version: appVersion(paths.root),
    dataDir: defaultDataDir(),
    projectsDir: defaultProjectsDir(),
    resourcesDir: paths.resourcesDir,
    worker: defaultWorker(paths),
  };
}

/**
 * The built worker; but when this code itself runs from TypeScript source (tsx, vitest), the worker's
 * source too, so a development run never depends on a build that may be missing or stale.
 */
function defaultWorker(paths: AppPaths): AppEnvironment['worker'] {
  if (import.meta.url.endsWith('.ts')) {
    return sourceWorker(paths.root);
  }
  return { script: paths.workerScript, execArgv: [] };
}
