import type { WorkerHost } from '../jobs/worker-host';
import type { ProjectRegistry } from '../store/project-registry';
import type { Handlers } from './types';

/**
 * risk.*: churn-risk models. Training, scoring and deleting write the project (risk_models,
 * risk_scores) in one transaction each, so they run on the jobs worker (queued behind imports, with
 * progress and cancel); the reads answer from the queries worker.
 */
export function riskHandlers(deps: {
  projects: ProjectRegistry;
  queries: WorkerHost;
  jobs: WorkerHost;
}): Handlers['risk'] {
  const { projects, queries, jobs } = deps;
  const open = (path: string) => projects.ensure(path);
  return {
    features: async (request, context) =>
      queries.run(
        'risk.features',
        { ...request, project: open(request.project) },
        { signal: context.signal },
      ),
    train: async (request, context) =>
      jobs.run(
        'risk.train',
        { ...request, project: open(request.project) },
        { signal: context.signal, onProgress: context.progress },
      ),
    models: async (request, context) =>
      queries.run('risk.models', { project: open(request.project) }, { signal: context.signal }),
    model: async (request, context) =>
      queries.run('risk.model', { ...request, project: open(request.project) }, { signal: context.signal }),
    deleteModel: async (request, context) =>
      jobs.run(
        'risk.deleteModel',
        { ...request, project: open(request.project) },
        { signal: context.signal },
      ),
    score: async (request, context) =>
      jobs.run(
        'risk.score',
        { ...request, project: open(request.project) },
        { signal: context.signal, onProgress: context.progress },
      ),
    scores: async (request, context) =>
      queries.run('risk.scores', { ...request, project: open(request.project) }, { signal: context.signal }),
    exportScores: async (request, context) =>
      queries.run(
        'risk.exportScores',
        { ...request, project: open(request.project) },
        { signal: context.signal },
      ),
    compare: async (request, context) =>
      queries.run('risk.compare', { ...request, project: open(request.project) }, { signal: context.signal }),
    tiers: async (request, context) =>
      queries.run('risk.tiers', { ...request, project: open(request.project) }, { signal: context.signal }),
  };
}
