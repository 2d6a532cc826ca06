import type { WorkerHost } from '../jobs/worker-host';
import type { ProjectRegistry } from '../store/project-registry';
import type { Handlers } from './types';

export function churnHandlers(deps: {
  projects: ProjectRegistry;
  queries: WorkerHost;
  jobs: WorkerHost;
}): Handlers['churn'] {
  const { projects, queries, jobs } = deps;
  return {
    definition: async (request, context) =>
      queries.run(
        'churn.definition',
        { project: projects.ensure(request.project) },
        { signal: context.signal },
      ),
    // A definition change rebuilds the customer view inside one write transaction: it queues behind
    // imports on the jobs worker, with progress and cancel, and never holds up the table.
    setDefinition: async (request, context) =>
      jobs.run(
        'churn.setDefinition',
        { project: projects.ensure(request.project), setting: request.setting },
        { signal: context.signal, onProgress: context.progress },
      ),
  };
}
