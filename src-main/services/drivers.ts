import type { WorkerHost } from '../jobs/worker-host';
import type { ProjectRegistry } from '../store/project-registry';
import type { Handlers } from './types';

export function driversHandlers(deps: {
  projects: ProjectRegistry;
  queries: WorkerHost;
}): Handlers['drivers'] {
  const { projects, queries } = deps;
  return {
    list: async (request, context) =>
      queries.run(
        'drivers.list',
        { ...request, project: projects.ensure(request.project) },
        { signal: context.signal },
      ),
  };
}
