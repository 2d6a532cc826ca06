import { resolve } from 'node:path';
import { readRejectedCsv } from '../import/rejected-csv';
import type { WorkerHost } from '../jobs/worker-host';
import type { ProjectRegistry } from '../store/project-registry';
import type { Handlers } from './types';

export function importHandlers(deps: {
  projects: ProjectRegistry;
  queries: WorkerHost;
  jobs: WorkerHost;
  /** Where the rejected rows of imports are written as CSV (the app's data folder + /rejected). */
  rejectedDir: string;
}): Handlers['import'] {
  const { projects, queries, jobs, rejectedDir } = deps;
  return {
    // Reads at most the head of the file and 10,000 rows: quick, so it shares the query worker.
    inspect: async (request, context) =>
      queries.run(
        'import.inspect',
        {
          ...request,
          path: resolve(request.path),
          ...(request.project === undefined ? {} : { project: projects.ensure(request.project) }),
        },
        { signal: context.signal },
      ),
    run: async (request, context) => {
      const project = projects.ensure(request.project);
      return jobs.run(
        'import.run',
        { ...request, project, path: resolve(request.path), rejectedDir },
        { signal: context.signal, onProgress: context.progress },
      );
    },
    history: async (request, context) =>
      queries.run(
        'import.history',
        { project: projects.ensure(request.project) },
        { signal: context.signal },
      ),
    // Undo writes, so it queues behind any running import on the jobs worker.
    undo: async (request, context) =>
      jobs.run(
        'import.undo',
        { project: projects.ensure(request.project), importId: request.importId },
        { signal: context.signal, onProgress: context.progress },
      ),
    rejectedCsv: async (request) => readRejectedCsv(rejectedDir, request.id),
  };
}
