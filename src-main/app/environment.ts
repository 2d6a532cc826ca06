import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { AppMode } from '@shared/contract/app';

/** Everything the services need to know about where they run. Built once by each entry point. */
export interface AppEnvironment {
  mode: AppMode;
  version: string;
  /** Settings such as the recent-projects list (shared by the app, browser mode and the CLI). */
  dataDir: string;
  /** Default folder for new projects. */
  projectsDir: string;
  /** Shipped sample data (resources/). */
  resourcesDir: string;
  /** The worker_threads entry that runs long jobs and queries, and the Node flags to start it with. */
  worker: { script: string; execArgv: string[] };
}

/** Per-user settings folder, the same for every mode. TENURE_DATA_DIR overrides it (tests use that). */
export function defaultDataDir(): string {
  if (process.env.TENURE_DATA_DIR) return process.env.TENURE_DATA_DIR;
  const home = homedir();
  if (process.platform === 'win32')
    return join(process.env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Tenure');
  if (process.platform === 'darwin') return join(home, 'Library', 'Application Support', 'Tenure');
  return join(process.env.XDG_CONFIG_HOME ?? join(home, '.config'), 'tenure');
}

/** Where new projects go unless the user picks a path: ~/Documents/Tenure, or ~/Tenure without Documents. */
export function defaultProjectsDir(): string {
  if (process.env.TENURE_PROJECTS_DIR) return process.env.TENURE_PROJECTS_DIR;
  const documents = join(homedir(), 'Documents');
  return existsSync(documents) ? join(documents, 'Tenure') : join(homedir(), 'Tenure');
}

/** The worker run from TypeScript source (tests, development): the host starts it through tsx. */
export function sourceWorker(repoRoot: string = process.cwd()): AppEnvironment['worker'] {
  return { script: resolve(repoRoot, 'src-main/jobs/worker.ts'), execArgv: [] };
}
