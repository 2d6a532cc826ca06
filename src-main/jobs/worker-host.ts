import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { JobProgress } from '@shared/contract/channel';
import { AppError } from '@shared/errors';
import type { FromWorker, ToWorker } from './messages';
import { cancelledError } from './task-context';
import type { TaskInput, TaskName, TaskOutput } from './tasks';

export interface WorkerSpec {
  /** The built worker.js; or, in tests and development, src-main/jobs/worker.ts (run through tsx). */
  script: string;
  execArgv: string[];
}

/** Starts a worker thread on the built script, or on the TypeScript source through tsx's loader. */
function startWorker(spec: WorkerSpec, name: string): Worker {
  if (!spec.script.endsWith('.ts')) return new Worker(spec.script, { execArgv: spec.execArgv, name });
  // Node cannot start a worker on a .ts file directly; a one-line bootstrap registers tsx first. tsx is
  // resolved from here (not from the worker's cwd) so a source run works from any directory.
  const source = JSON.stringify(pathToFileURL(spec.script).href);
  // (require.resolve gives the CommonJS build; its ES module twin sits beside it, per tsx's exports.)
  const tsxApi = createRequire(import.meta.url)
    .resolve('tsx/esm/api')
    .replace(/\.cjs$/, '.mjs');
  const tsx = JSON.stringify(pathToFileURL(tsxApi).href);
  const bootstrap = `import(${tsx}).then(({ register }) => { register(); return import(${source}); })`;
  return new Worker(bootstrap, { eval: true, name });
}

interface Pending {
  id: number;
  task: TaskName;
  input: unknown;
  cancel: Int32Array;
  onProgress: ((progress: JobProgress) => void) | undefined;
  resolve: (value: unknown) => void;
  reject: (error: AppError) => void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

/**
 * One long-lived worker thread that runs tasks one after another. Cancelling a queued task removes it;
 * cancelling a running one raises a shared flag the task checks between batches, so it can roll back
 * cleanly (a worker is never killed mid-transaction). A crashed worker fails its task and is restarted
 * on the next call.
 */
export class WorkerHost {
  private worker: Worker | null = null;
  private readonly queue: Pending[] = [];
  private current: Pending | null = null;
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly spec: WorkerSpec,
    private readonly name: string,
  ) {}

  run<K extends TaskName>(
    task: K,
    input: TaskInput<K>,
    options: { signal?: AbortSignal; onProgress?: (progress: JobProgress) => void } = {},
  ): Promise<TaskOutput<K>> {
    if (this.closed) return Promise.reject(new AppError('INTERNAL', `${this.name} worker is closed.`));
    if (options.signal?.aborted) return Promise.reject(cancelledError());
    return new Promise<TaskOutput<K>>((resolve, reject) => {
      const pending: Pending = {
        id: this.nextId++,
        task,
        input,
        cancel: new Int32Array(new SharedArrayBuffer(4)),
        onProgress: options.onProgress,
        resolve: resolve as (value: unknown) => void,
        reject,
        signal: options.signal,
        onAbort: () => this.cancel(pending),
      };
      options.signal?.addEventListener('abort', pending.onAbort, { once: true });
      this.queue.push(pending);
      this.pump();
    });
  }

  /** Finishes the running task's cleanup and stops the thread. */
  async close(): Promise<void> {
    this.closed = true;
    for (const pending of this.queue.splice(0)) this.settle(pending, { ok: false, error: cancelledError() });
    if (this.current) Atomics.store(this.current.cancel, 0, 1);
    const worker = this.worker;
    if (!worker) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => void worker.terminate().then(() => resolve()), 10_000);
      worker.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      worker.postMessage({ type: 'shutdown' } satisfies ToWorker);
    });
    this.worker = null;
  }

  private cancel(pending: Pending): void {
    const index = this.queue.indexOf(pending);
    if (index >= 0) {
      this.queue.splice(index, 1);
      this.settle(pending, { ok: false, error: cancelledError() });
    } else if (this.current === pending) {
      Atomics.store(pending.cancel, 0, 1);
    }
  }

  private pump(): void {
    if (this.current || this.queue.length === 0) return;
    const pending = this.queue.shift() as Pending;
    this.current = pending;
    const message: ToWorker = {
      type: 'run',
      id: pending.id,
      task: pending.task,
      input: pending.input,
      cancel: pending.cancel.buffer as SharedArrayBuffer,
    };
    this.ensureWorker().postMessage(message);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = startWorker(this.spec, `tenure-${this.name}`);
    worker.on('message', (message: FromWorker) => {
      if (message.type === 'closed') return;
      const pending = this.current;
      if (!pending || pending.id !== message.id) return;
      if (message.type === 'progress') {
        pending.onProgress?.(message.progress);
        return;
      }
      this.current = null;
      this.settle(
        pending,
        message.ok
          ? { ok: true, value: message.value }
          : { ok: false, error: AppError.fromData(message.error) },
      );
      this.pump();
    });
    worker.on('error', (error) => this.crashed(worker, error.message));
    worker.on('exit', (code) => {
      if (!this.closed) this.crashed(worker, `exited with code ${code}`);
    });
    this.worker = worker;
    return worker;
  }

  private crashed(worker: Worker, reason: string): void {
    if (this.worker !== worker) return;
    this.worker = null;
    const pending = this.current;
    this.current = null;
    if (pending) {
      this.settle(pending, {
        ok: false,
        error: new AppError('INTERNAL', `The ${this.name} worker stopped: ${reason}`),
      });
    }
    this.pump();
  }

  private settle(
    pending: Pending,
    outcome: { ok: true; value: unknown } | { ok: false; error: AppError },
  ): void {
    pending.signal?.removeEventListener('abort', pending.onAbort);
    if (outcome.ok) pending.resolve(outcome.value);
    else pending.reject(outcome.error);
  }
}
