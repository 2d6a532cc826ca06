import type { WorkerHost } from '../jobs/worker-host';
import type { ProjectRegistry } from '../store/project-registry';
import type { Handlers } from './types';

export function qualityHandlers(deps: {
  projects: ProjectRegistry;
  queries: WorkerHost;
}): Handlers['quality'] {
  const { projects, queries } = deps;
  return {
    report: async (request, context) =>
      queries.run(
        'quality.report',
        { project: projects.ensure(request.project) },
        { signal: context.signal },
      ),
  };
}
