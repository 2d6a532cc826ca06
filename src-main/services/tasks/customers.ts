import type { CustomerColumn, CustomerFilter, CustomerSort } from '@shared/contract/customers';
import type { CellValue } from '@shared/domain/columns';
import type { TaskContext } from '../../jobs/task-context';
import { visibleColumns } from '../../store/customer-queries';
import { CustomerViews } from '../../store/customer-views';

export function customerColumnsTask(
  input: { project: string },
  ctx: TaskContext,
): { columns: CustomerColumn[] } {
  const db = ctx.projects.get(input.project);
  return {
    columns: visibleColumns(db).map((column) => ({
      key: column.key,
      name: column.name,
      type: column.type,
      role: column.role,
      ...(column.unit ? { unit: column.unit } : {}),
      ...(column.description ? { description: column.description } : {}),
    })),
  };
}

// One cache per worker thread: the page requests of one table go to the same (query) worker.
const views = new CustomerViews();

export function customerPageTask(
  input: {
    project: string;
    offset: number;
    limit: number;
    sort?: CustomerSort | undefined;
    filters: CustomerFilter[];
    search?: string | undefined;
  },
  ctx: TaskContext,
): { total: number; offset: number; rows: Record<string, CellValue>[] } {
  const db = ctx.projects.get(input.project);
  return views.page(db, input.project, input);
}
