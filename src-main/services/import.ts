import { resolve } from 'node:path';
import { AppError } from '@shared/errors';
import type { WorkerHost } from '../jobs/worker-host';
import type { ProjectRegistry } from '../store/project-registry';
import type { Handlers } from './types';

export function importHandlers(deps: {
  projects: ProjectRegistry;
  queries: WorkerHost;
  jobs: WorkerHost;
}): Handlers['import'] {
  const { projects, queries, jobs } = deps;
  return {
    // Reads at most the head of the file and 10,000 rows: quick, so it shares the query worker.
    inspect: async (request, context) =>
      queries.run('import.inspect', { ...request, path: resolve(request.path) }, { signal: context.signal }),
    run: async (request, context) => {
      const project = projects.ensure(request.project);
      return jobs.run(
        'import.customers',
        { ...request, project, path: resolve(request.path) },
        { signal: context.signal, onProgress: context.progress },
      );
    },
    history: async () => {
      throw new AppError('NOT_AVAILABLE', 'Import history is not built yet.');
    },
    undo: async () => {
      throw new AppError('NOT_AVAILABLE', 'Undo is not built yet.');
    },
    rejectedCsv: async () => {
      throw new AppError('NOT_AVAILABLE', 'Saving rejected rows is not built yet.');
    },
  };
}
