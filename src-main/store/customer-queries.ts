import type { CellValue, ColumnType, CustomerRole, TenureUnit } from '@shared/domain/columns';
import type { CustomerFilter, CustomerSort } from '@shared/contract/customers';
import { AppError } from '@shared/errors';
import type { Db } from './database';
import { isAttributeKey, readCustomerColumns, roleColumnSql } from './customers';
import { scoredColumns } from './risk-columns';
import { availableViewColumns, ensureCustomerView, type CustomerViewState } from './customer-view';

/**
 * FROM clause every customer read uses: the customer view (every id found in any dataset), the
 * customer table's row for the id when it has one, and that row's attributes.
 */
export const customersFrom =
  'customer_view v LEFT JOIN customers c ON c.row = v.customer_row LEFT JOIN customer_attributes a ON a.row = v.customer_row';

/** A column of the customer table as pages, filters and breakdowns use it. */
export interface TableColumn {
  key: string;
  name: string;
  type: ColumnType;
  role: CustomerRole | 'derived';
  unit?: TenureUnit;
  description?: string;
  /** SQL expression over `customersFrom` — a fixed map or our own generated names, never user text. */
  sql: string;
  /** Scored columns (a model's output): why churn analyses must not take it as an explanation. */
  leakage?: string;
}

/**
 * The visible columns: the id, the customer file's columns (ignored ones are only a record of the file),
 * then the derived columns of the view the data supports, then the scored columns of the latest model
 * scoring (src-main/store/risk-columns.ts). Makes sure the view is current first.
 */
export function customerTable(db: Db): { state: CustomerViewState; columns: TableColumn[] } {
  const state = ensureCustomerView(db);
  const stored = readCustomerColumns(db).filter((column) => column.role !== 'ignore');
  const id = stored.find((column) => column.role === 'id');
  const columns: TableColumn[] = [
    { key: 'id', name: id?.name ?? 'Customer ID', type: 'text', role: 'id', sql: 'v.customer_id' },
  ];
  for (const column of stored) {
    if (column.role === 'id') continue;
    const sql =
      column.role === 'attribute' && isAttributeKey(column.key)
        ? `a.${column.key}`
        : roleColumnSql[column.key];
    if (!sql) continue;
    columns.push({
      key: column.key,
      name: column.name,
      type: column.type,
      role: column.role,
      ...(column.unit ? { unit: column.unit } : {}),
      sql,
    });
  }
  for (const column of availableViewColumns(state)) {
    columns.push({
      key: column.key,
      name: column.name,
      type: column.type,
      role: 'derived',
      description: column.description(state),
      sql: `v.${column.column}`,
    });
  }
  // Then the columns of the latest scoring (risk score and tier), when a model has scored.
  for (const column of scoredColumns(db)) columns.push({ ...column, role: 'derived' });
  return { state, columns };
}

/** The refusal of an analysis that needs churn when the customer view has no churn definition applied. */
export function noChurnInformation(code: 'NOT_AVAILABLE' | 'NOT_FOUND' = 'NOT_AVAILABLE'): AppError {
  return new AppError(
    code,
    'This project has no churn information: import a churned flag, end dates, subscriptions or transactions.',
  );
}

export function visibleColumns(db: Db): TableColumn[] {
  return customerTable(db).columns;
}

/** The column of a key; unknown keys are refused. */
export function findColumn(columns: readonly TableColumn[], key: string): TableColumn {
  const column = columns.find((candidate) => candidate.key === key);
  if (!column) throw new AppError('NOT_FOUND', `There is no customer column "${key}".`);
  return column;
}

/** SQL expression of a column key; unknown keys are refused rather than built into SQL. */
export function columnSql(columns: readonly TableColumn[], key: string): string {
  return findColumn(columns, key).sql;
}

const comparisonSql = { lt: '<', lte: '<=', gt: '>', gte: '>=' } as const;

function isBoolean(column: TableColumn | undefined): boolean {
  return column !== undefined && (column.type === 'boolean' || column.role === 'churned');
}

/** WHERE clause and bound parameters for filters and the id search. */
export function whereClause(
  columns: readonly TableColumn[],
  filters: readonly CustomerFilter[],
  search: string | undefined,
): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  for (const filter of filters) {
    const column = columns.find((candidate) => candidate.key === filter.key);
    const expr = columnSql(columns, filter.key);
    switch (filter.op) {
      case 'contains':
        parts.push(`instr(lower(CAST(${expr} AS TEXT)), lower(?)) > 0`);
        params.push(filter.value);
        break;
      case 'eq':
      case 'neq':
        if (filter.value === null) {
          parts.push(`${expr} IS ${filter.op === 'eq' ? '' : 'NOT '}NULL`);
        } else {
          parts.push(`${expr} ${filter.op === 'eq' ? '=' : '<>'} ?`);
          params.push(toStored(filter.value, column));
        }
        break;
      case 'lt':
      case 'lte':
      case 'gt':
      case 'gte':
        parts.push(`${expr} ${comparisonSql[filter.op]} ?`);
        params.push(filter.value);
        break;
      case 'missing':
        parts.push(`${expr} IS NULL`);
        break;
      case 'present':
        parts.push(`${expr} IS NOT NULL`);
        break;
    }
  }
  if (search && search.trim() !== '') {
    parts.push('instr(lower(v.customer_id), lower(?)) > 0');
    params.push(search.trim());
  }
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

function toStored(value: CellValue, column: TableColumn | undefined): unknown {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (isBoolean(column) && typeof value === 'string') return value === 'true' || value === '1' ? 1 : 0;
  return value;
}

/** ORDER BY: missing values last in both directions, the view's order breaks ties so pages are stable. */
export function orderClause(columns: readonly TableColumn[], sort: CustomerSort | undefined): string {
  if (!sort) return 'ORDER BY v.row';
  const expr = columnSql(columns, sort.key);
  return `ORDER BY (${expr} IS NULL), ${expr} ${sort.direction === 'desc' ? 'DESC' : 'ASC'}, v.row`;
}

/** Reads rows of the view by rowid and returns them as records keyed by column key, in the order of `rowids`. */
export function readRowsByRowid(
  db: Db,
  columns: readonly TableColumn[],
  rowids: ArrayLike<number>,
): Record<string, CellValue>[] {
  if (rowids.length === 0) return [];
  const selected = columns.map((column) => `${column.sql} AS "${column.key}"`).join(', ');
  const rows = db
    .prepare(
      `SELECT v.row AS "__rowid", ${selected} FROM ${customersFrom} WHERE v.row IN (SELECT value FROM json_each(?))`,
    )
    .all(JSON.stringify(Array.from(rowids))) as Record<string, number | string | null>[];
  const byRowid = new Map(rows.map((row) => [row.__rowid as number, row]));
  const booleanKeys = columns.filter(isBoolean).map((column) => column.key);
  const out: Record<string, CellValue>[] = [];
  for (const rowid of Array.from(rowids)) {
    const row = byRowid.get(rowid);
    if (!row) continue;
    const record: Record<string, CellValue> = {};
    for (const column of columns) record[column.key] = row[column.key] ?? null;
    for (const key of booleanKeys) {
      const value = record[key];
      if (value !== null && value !== undefined) record[key] = value === 1;
    }
    out.push(record);
  }
  return out;
}
