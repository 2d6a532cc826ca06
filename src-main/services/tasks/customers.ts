import type { CustomerColumn, CustomerFilter, CustomerSort } from '@shared/contract/customers';
import type { CellValue } from '@shared/domain/columns';
import type { TaskContext } from '../../jobs/task-context';
import { customersFrom, findColumn, visibleColumns } from '../../store/customer-queries';
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

/**
 * customers.values: one column's most frequent values (ties by value, so the list is stable) and how
 * many distinct values there are. The column expression comes from our column map, never user text.
 */
export function customerValuesTask(
  input: { project: string; key: string; limit: number },
  ctx: TaskContext,
): { values: { value: CellValue; count: number }[]; distinct: number } {
  const db = ctx.projects.get(input.project);
  const columns = visibleColumns(db);
  const column = findColumn(columns, input.key);
  const expr = column.sql;
  const rows = db
    .prepare(
      `SELECT ${expr} AS value, COUNT(*) AS count FROM ${customersFrom}
       GROUP BY 1 ORDER BY count DESC, value LIMIT ?`,
    )
    .all(input.limit) as { value: string | number | null; count: number }[];
  const { n: distinct } = db
    .prepare(`SELECT COUNT(*) AS n FROM (SELECT 1 FROM ${customersFrom} GROUP BY ${expr})`)
    .get() as { n: number };
  const isFlag = column.type === 'boolean' || column.role === 'churned';
  return {
    values: rows.map((row) => ({
      value: isFlag && row.value !== null ? row.value === 1 : row.value,
      count: row.count,
    })),
    distinct,
  };
}
