import type { WorkerHost } from '../jobs/worker-host';
import type { ProjectRegistry } from '../store/project-registry';
import type { Handlers } from './types';

/** survival.km and survival.cox: both read the customer view and fit in the queries worker. */
export function survivalHandlers(deps: {
  projects: ProjectRegistry;
  queries: WorkerHost;
}): Handlers['survival'] {
  const { projects, queries } = deps;
  const open = (path: string) => projects.ensure(path);
  return {
    km: async (request, context) =>
      queries.run('survival.km', { ...request, project: open(request.project) }, { signal: context.signal }),
    cox: async (request, context) =>
      queries.run('survival.cox', { ...request, project: open(request.project) }, { signal: context.signal }),
  };
}
