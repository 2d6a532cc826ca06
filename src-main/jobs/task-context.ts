import type { JobProgress } from '@shared/contract/channel';
import { AppError } from '@shared/errors';
import type { ProjectConnections } from './project-connections';

/** What a task (import, query) gets inside its worker. */
export interface TaskContext {
  /** Throws a CANCELLED AppError once the caller has cancelled. Call it between batches of work. */
  checkCancelled(): void;
  /** Reports progress; calls closer together than ~10 per second are dropped (the last one is kept for later). */
  progress(progress: JobProgress): void;
  /** Open project files of this worker, reused across tasks. */
  projects: ProjectConnections;
}

export function cancelledError(): AppError {
  return new AppError('CANCELLED', 'Cancelled. Nothing was changed.');
}

/** A task context driven by a shared cancel flag (worker) or an AbortSignal (in-process use). */
export function createTaskContext(options: {
  isCancelled: () => boolean;
  emit: (progress: JobProgress) => void;
  projects: ProjectConnections;
  minIntervalMs?: number;
}): TaskContext {
  const minInterval = options.minIntervalMs ?? 100;
  let lastEmit = 0;
  return {
    checkCancelled() {
      if (options.isCancelled()) throw cancelledError();
    },
    progress(progress) {
      const now = Date.now();
      const final = progress.total !== null && progress.done >= progress.total;
      if (!final && now - lastEmit < minInterval) return;
      lastEmit = now;
      options.emit(progress);
    },
    projects: options.projects,
  };
}
