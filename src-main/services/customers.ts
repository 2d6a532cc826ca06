import type { WorkerHost } from '../jobs/worker-host';
import type { ProjectRegistry } from '../store/project-registry';
import type { Handlers } from './types';

export function customersHandlers(deps: {
  projects: ProjectRegistry;
  queries: WorkerHost;
}): Handlers['customers'] {
  const { projects, queries } = deps;
  const open = (path: string) => projects.ensure(path);
  return {
    columns: async (request, context) =>
      queries.run('customers.columns', { project: open(request.project) }, { signal: context.signal }),
    values: async (request, context) =>
      queries.run(
        'customers.values',
        { ...request, project: open(request.project) },
        { signal: context.signal },
      ),
    page: async (request, context) =>
      queries.run(
        'customers.page',
        { ...request, project: open(request.project) },
        { signal: context.signal },
      ),
  };
}
