import type { CustomerFilter } from '@shared/contract/customers';
import { AppError } from '@shared/errors';
import { customersFrom, whereClause, type TableColumn } from './customer-queries';

/**
 * A segment of the customer table (the Customers page's filters) as one SQL condition on a customer id,
 * so that every analysis can be cut to it whatever table it reads: the customer view (`v.customer_id`),
 * or subscriptions and transactions (`customer_id`). The filter values are bound parameters; the column
 * SQL comes from the customer table's own map (unknown keys are refused before any SQL is built).
 */
export interface SegmentCondition {
  /** '1' without filters, else `<id> IN (SELECT … WHERE <filters>)`. */
  sql: string;
  params: unknown[];
  filtered: boolean;
}

export function segmentCondition(
  columns: readonly TableColumn[],
  filters: readonly CustomerFilter[],
  idSql: 'v.customer_id' | 'customer_id' = 'v.customer_id',
): SegmentCondition {
  if (filters.length === 0) return { sql: '1', params: [], filtered: false };
  for (const filter of filters) {
    if (!columns.some((column) => column.key === filter.key)) {
      throw new AppError(
        'NOT_FOUND',
        `The segment filter names no customer column "${filter.key}"; use the key of a column of the customer table.`,
        { key: filter.key, columns: columns.map((column) => column.key) },
      );
    }
  }
  const where = whereClause(columns, filters, undefined);
  // The subquery's own alias v shadows an outer one, so the condition also works inside queries over v.
  return {
    sql: `${idSql} IN (SELECT v.customer_id FROM ${customersFrom} ${where.sql})`,
    params: where.params,
    filtered: true,
  };
}
