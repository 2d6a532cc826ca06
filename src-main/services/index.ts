import { join } from 'node:path';
import type { AppEnvironment } from '../app/environment';
import { WorkerHost } from '../jobs/worker-host';
import { ProjectRegistry } from '../store/project-registry';
import { appHandlers } from './app';
import { churnHandlers } from './churn';
import { customersHandlers } from './customers';
import { importHandlers } from './import';
import { overviewHandlers } from './overview';
import { projectHandlers } from './project';
import { qualityHandlers } from './quality';
import { survivalHandlers } from './survival';
import { driversHandlers } from './drivers';
import { retentionHandlers } from './retention';
import { riskHandlers } from './risk';
import { valueHandlers } from './value';
import { RecentProjects } from './recent-projects';
import type { Handlers } from './types';

export interface Services {
  handlers: Handlers;
  /** Stops the worker threads (letting a running import roll back) and closes project files. */
  close(): Promise<void>;
}

/**
 * Builds every channel's handler for one running Tenure (Electron app, browser mode or CLI).
 * Two worker threads do the heavy work: one runs imports (long, one at a time), the other answers
 * queries (pages, aggregates, file inspection), so a running import never holds up the table.
 */
export function createServices(env: AppEnvironment): Services {
  const projects = new ProjectRegistry();
  const recent = new RecentProjects(join(env.dataDir, 'recent-projects.json'));
  const queries = new WorkerHost(env.worker, 'queries');
  const jobs = new WorkerHost(env.worker, 'jobs');
  const handlers: Handlers = {
    app: appHandlers(env),
    project: projectHandlers({ env, projects, recent }),
    import: importHandlers({ projects, queries, jobs, rejectedDir: join(env.dataDir, 'rejected') }),
    customers: customersHandlers({ projects, queries }),
    overview: overviewHandlers({ projects, queries }),
    churn: churnHandlers({ projects, queries, jobs }),
    quality: qualityHandlers({ projects, queries }),
    survival: survivalHandlers({ projects, queries }),
    drivers: driversHandlers({ projects, queries }),
    retention: retentionHandlers({ projects, queries }),
    risk: riskHandlers({ projects, queries, jobs }),
    value: valueHandlers({ projects, queries, jobs }),
  };
  return {
    handlers,
    close: async () => {
      await Promise.all([queries.close(), jobs.close()]);
      projects.closeAll();
    },
  };
}
