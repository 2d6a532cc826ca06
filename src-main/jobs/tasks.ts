import { importCustomersTask } from '../import/customers-import';
import { inspectFile } from '../import/inspect';
import { customerColumnsTask, customerPageTask } from '../services/tasks/customers';
import { churnByTask, overviewTask } from '../services/tasks/overview';
import type { TaskContext } from './task-context';

/**
 * Everything that runs in a worker thread, by name. Inputs and outputs are plain data (they cross
 * postMessage); tasks open project files themselves through ctx.projects.
 */
export const tasks = {
  'import.inspect': (input: Parameters<typeof inspectFile>[0]) => inspectFile(input),
  'import.customers': importCustomersTask,
  'customers.columns': customerColumnsTask,
  'customers.page': customerPageTask,
  'overview.get': overviewTask,
  'overview.churnBy': churnByTask,
} satisfies Record<string, (input: never, ctx: TaskContext) => unknown>;

export type Tasks = typeof tasks;
export type TaskName = keyof Tasks;
export type TaskInput<K extends TaskName> = Parameters<Tasks[K]>[0];
export type TaskOutput<K extends TaskName> = Awaited<ReturnType<Tasks[K]>>;
