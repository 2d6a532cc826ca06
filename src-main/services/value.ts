import type { WorkerHost } from '../jobs/worker-host';
import type { ProjectRegistry } from '../store/project-registry';
import type { Handlers } from './types';

/**
 * value.*: customer value. Fitting, RFM scoring, CLV recomputation and deleting write the project, so
 * they run on the jobs worker (queued behind imports, with progress and cancel); reads answer from the
 * queries worker. value.sbg from a survivor series needs no project.
 */
export function valueHandlers(deps: {
  projects: ProjectRegistry;
  queries: WorkerHost;
  jobs: WorkerHost;
}): Handlers['value'] {
  const { projects, queries, jobs } = deps;
  const open = (path: string) => projects.ensure(path);
  return {
    rfm: async (request, context) =>
      jobs.run(
        'value.rfm',
        { ...request, project: open(request.project) },
        { signal: context.signal, onProgress: context.progress },
      ),
    fit: async (request, context) =>
      jobs.run(
        'value.fit',
        { ...request, project: open(request.project) },
        { signal: context.signal, onProgress: context.progress },
      ),
    models: async (request, context) =>
      queries.run('value.models', { project: open(request.project) }, { signal: context.signal }),
    model: async (request, context) =>
      queries.run('value.model', { ...request, project: open(request.project) }, { signal: context.signal }),
    deleteModel: async (request, context) =>
      jobs.run(
        'value.deleteModel',
        { ...request, project: open(request.project) },
        { signal: context.signal },
      ),
    clv: async (request, context) =>
      jobs.run('value.clv', { ...request, project: open(request.project) }, { signal: context.signal }),
    customers: async (request, context) =>
      queries.run(
        'value.customers',
        { ...request, project: open(request.project) },
        { signal: context.signal },
      ),
    tiers: async (request, context) =>
      queries.run('value.tiers', { ...request, project: open(request.project) }, { signal: context.signal }),
    sbg: async (request, context) =>
      queries.run(
        'value.sbg',
        'project' in request ? { ...request, project: open(request.project) } : request,
        { signal: context.signal },
      ),
  };
}
