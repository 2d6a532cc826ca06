import { parentPort } from 'node:worker_threads';
import { AppError } from '@shared/errors';
import type { FromWorker, ToWorker } from './messages';
import { ProjectConnections } from './project-connections';
import { createTaskContext, type TaskContext } from './task-context';
import { tasks } from './tasks';

/**
 * Entry of a worker thread. Runs one task at a time (the host queues), keeps project connections open
 * between tasks, and reports progress and results as messages. The main thread never waits on SQLite.
 */
if (!parentPort) throw new Error('worker.ts must run in a worker thread');
const port = parentPort;
const projects = new ProjectConnections();

const post = (message: FromWorker) => port.postMessage(message);

port.on('message', (message: ToWorker) => {
  if (message.type === 'shutdown') {
    projects.closeAll();
    post({ type: 'closed' });
    port.close();
    return;
  }
  void run(message);
});

async function run(message: Extract<ToWorker, { type: 'run' }>): Promise<void> {
  const cancelFlag = new Int32Array(message.cancel);
  const ctx = createTaskContext({
    isCancelled: () => Atomics.load(cancelFlag, 0) === 1,
    emit: (progress) => post({ type: 'progress', id: message.id, progress }),
    projects,
  });
  try {
    const task = (tasks as Record<string, (input: unknown, ctx: TaskContext) => unknown>)[message.task];
    if (!task) throw new AppError('INTERNAL', `Unknown task ${message.task}`);
    const value = await task(message.input, ctx);
    post({ type: 'done', id: message.id, ok: true, value });
  } catch (error) {
    post({ type: 'done', id: message.id, ok: false, error: AppError.toData(error) });
  }
}
