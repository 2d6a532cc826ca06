import type { CellValue } from '@shared/domain/columns';
import type { CustomerFilter, CustomerSort } from '@shared/contract/customers';
import { AppError } from '@shared/errors';
import type { Db } from './database';
import { isAttributeKey, readCustomerColumns, roleColumnSql, type StoredColumn } from './customers';

/** FROM clause every customer read uses: core columns plus the attributes of the current import. */
export const customersFrom = 'customers c LEFT JOIN customer_attributes a ON a.row = c.row';

/** The visible columns (ignored ones are only a record of the file) and the SQL for each key. */
export function visibleColumns(db: Db): StoredColumn[] {
  return readCustomerColumns(db).filter((column) => column.role !== 'ignore');
}

/** SQL expression of a column key, from a fixed map or our own generated attribute names — never user text. */
export function columnSql(columns: readonly StoredColumn[], key: string): string {
  const column = columns.find((candidate) => candidate.key === key);
  if (!column) throw new AppError('NOT_FOUND', `There is no customer column "${key}".`);
  if (column.role === 'attribute' && isAttributeKey(key)) return `a.${key}`;
  const sql = roleColumnSql[key];
  if (!sql) throw new AppError('NOT_FOUND', `There is no customer column "${key}".`);
  return sql;
}

const comparisonSql = { lt: '<', lte: '<=', gt: '>', gte: '>=' } as const;

/** WHERE clause and bound parameters for filters and the id search. */
export function whereClause(
  columns: readonly StoredColumn[],
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
    parts.push('instr(lower(c.customer_id), lower(?)) > 0');
    params.push(search.trim());
  }
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

function toStored(value: CellValue, column: StoredColumn | undefined): unknown {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (column && (column.type === 'boolean' || column.role === 'churned') && typeof value === 'string') {
    return value === 'true' || value === '1' ? 1 : 0;
  }
  return value;
}

/** ORDER BY: missing values last in both directions, file order breaks ties so pages are stable. */
export function orderClause(columns: readonly StoredColumn[], sort: CustomerSort | undefined): string {
  if (!sort) return 'ORDER BY c.row';
  const expr = columnSql(columns, sort.key);
  return `ORDER BY (${expr} IS NULL), ${expr} ${sort.direction === 'desc' ? 'DESC' : 'ASC'}, c.row`;
}

/** Reads rows by rowid and returns them as records keyed by column key, in the order of `rowids`. */
export function readRowsByRowid(
  db: Db,
  columns: readonly StoredColumn[],
  rowids: ArrayLike<number>,
): Record<string, CellValue>[] {
  if (rowids.length === 0) return [];
  const selected = columns.map((column) => `${columnSql(columns, column.key)} AS "${column.key}"`).join(', ');
  const rows = db
    .prepare(
      `SELECT c.row AS "__rowid", ${selected} FROM ${customersFrom} WHERE c.row IN (SELECT value FROM json_each(?))`,
    )
    .all(JSON.stringify(Array.from(rowids))) as Record<string, number | string | null>[];
  const byRowid = new Map(rows.map((row) => [row.__rowid as number, row]));
  const booleanKeys = columns
    .filter((column) => column.type === 'boolean' || column.role === 'churned')
    .map((c) => c.key);
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
