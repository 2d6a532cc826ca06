import type { JobProgress } from '@shared/contract/channel';
import type { AppErrorData } from '@shared/errors';

/** Messages between a WorkerHost and its worker thread. */
export type ToWorker =
  { type: 'run'; id: number; task: string; input: unknown; cancel: SharedArrayBuffer } | { type: 'shutdown' };

export type FromWorker =
  | { type: 'progress'; id: number; progress: JobProgress }
  | { type: 'done'; id: number; ok: true; value: unknown }
  | { type: 'done'; id: number; ok: false; error: AppErrorData }
  | { type: 'closed' };
