import type { WorkerHost } from '../jobs/worker-host';
import type { ProjectRegistry } from '../store/project-registry';
import type { Handlers } from './types';

export function retentionHandlers(deps: {
  projects: ProjectRegistry;
  queries: WorkerHost;
}): Handlers['retention'] {
  const { projects, queries } = deps;
  return {
    churnOverTime: async (request, context) =>
      queries.run(
        'retention.churnOverTime',
        { ...request, project: projects.ensure(request.project) },
        { signal: context.signal },
      ),
    cohorts: async (request, context) =>
      queries.run(
        'retention.cohorts',
        { ...request, project: projects.ensure(request.project) },
        { signal: context.signal },
      ),
  };
}
