import type { CellValue } from '@shared/domain/columns';
import type { CustomerFilter, CustomerSort } from '@shared/contract/customers';
import type { Db } from './database';
import { customerTable, customersFrom, orderClause, readRowsByRowid, whereClause } from './customer-queries';

export interface PageQuery {
  offset: number;
  limit: number;
  sort?: CustomerSort | undefined;
  filters: CustomerFilter[];
  search?: string | undefined;
}

interface View {
  rowids: Int32Array;
}

/**
 * Sorted and filtered views of the customer table (the customer view joined with the customer file's
 * columns) for scrolling. A view is the list of matching rowids of customer_view in order, computed
 * once in SQLite (one sort, O(n log n)); every page after that is a lookup of `limit` rows by rowid, so
 * scrolling deep into a 1,000,000-row table costs the same as the first page. Views are keyed by the
 * query, the file's data_version (an import elsewhere) and this connection's total_changes() (the
 * customer view rebuilt here), so any change invalidates them.
 */
export class CustomerViews {
  private readonly views = new Map<string, View>();

  constructor(private readonly capacity = 4) {}

  page(
    db: Db,
    project: string,
    query: PageQuery,
  ): { total: number; offset: number; rows: Record<string, CellValue>[] } {
    const { columns } = customerTable(db);
    const dataVersion = db.pragma('data_version', { simple: true }) as number;
    const changes = db.prepare('SELECT total_changes()').pluck().get() as number;
    const key = JSON.stringify([
      project,
      dataVersion,
      changes,
      query.sort ?? null,
      query.filters,
      query.search ?? '',
    ]);
    let view = this.views.get(key);
    if (view) {
      this.views.delete(key);
    } else {
      const where = whereClause(columns, query.filters, query.search);
      const ids = db
        .prepare(`SELECT v.row FROM ${customersFrom} ${where.sql} ${orderClause(columns, query.sort)}`)
        .pluck()
        .all(...where.params) as number[];
      view = { rowids: Int32Array.from(ids) };
    }
    this.views.set(key, view);
    while (this.views.size > this.capacity) this.views.delete(this.views.keys().next().value as string);

    const total = view.rowids.length;
    const offset = Math.min(query.offset, total);
    const rows = readRowsByRowid(db, columns, view.rowids.subarray(offset, offset + query.limit));
    return { total, offset, rows };
  }
}
