import type { WorkerHost } from '../jobs/worker-host';
import type { ProjectRegistry } from '../store/project-registry';
import type { Handlers } from './types';

export function overviewHandlers(deps: {
  projects: ProjectRegistry;
  queries: WorkerHost;
}): Handlers['overview'] {
  const { projects, queries } = deps;
  const open = (path: string) => projects.ensure(path);
  return {
    get: async (request, context) =>
      queries.run('overview.get', { project: open(request.project) }, { signal: context.signal }),
    churnBy: async (request, context) =>
      queries.run(
        'overview.churnBy',
        { ...request, project: open(request.project) },
        { signal: context.signal },
      ),
  };
}
