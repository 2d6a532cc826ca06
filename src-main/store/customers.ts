import type { ColumnType, CustomerRole, TenureUnit } from '@shared/domain/columns';
import type { Db } from './database';
import { attributesTableSql, isAttributeKey } from './dataset-schema';
import {
  countRows,
  datasetWriter,
  insertDatasetColumns,
  readDatasetColumns,
  type StoredValue,
} from './datasets';

/**
 * The customer table as the customer queries read it. Imports write it through the generic dataset
 * store (datasets.ts); this module keeps the customer-specific view of it.
 */

export { isAttributeKey };
export type { StoredValue };

/** A column of the customer table as kept in customer_columns. */
export interface StoredColumn {
  position: number;
  /** 'id' | 'churned' | 'tenure' | 'start' | 'end' for roles, 'a1'… for attributes (also the SQL column name). */
  key: string;
  name: string;
  type: ColumnType;
  role: CustomerRole;
  unit?: TenureUnit;
  /** For the churned flag: which raw values meant churned and which active. */
  values?: { churned: string[]; active: string[] };
}

export const roleColumnSql: Record<string, string> = {
  id: 'c.customer_id',
  churned: 'c.churned',
  tenure: 'c.tenure',
  start: 'c.start_date',
  end: 'c.end_date',
};

export interface CustomerRow {
  id: string;
  importId: number;
  line: number;
  churned: boolean | null;
  start: string | null;
  end: string | null;
  tenure: number | null;
}

export interface CustomerWriter {
  /** Inserts one customer; a repeated id is not inserted and the line of its first occurrence returned. */
  insert(
    row: CustomerRow,
    attributes: StoredValue[],
  ): { inserted: true } | { inserted: false; firstLine: number };
}

/**
 * Empties the customer table and prepares it for a new one with these columns, without keeping the old
 * rows (imports keep them for undo: see datasets.ts). Call inside a transaction. For tests and tools
 * that need a customer table quickly.
 */
export function replaceCustomerTable(
  db: Db,
  columns: readonly StoredColumn[],
): { replaced: number; writer: CustomerWriter } {
  if (!db.inTransaction) throw new Error('replaceCustomerTable must run inside a transaction');
  const replaced = countRows(db, 'customers');
  // Dropping the child table first keeps the DELETE below a fast truncate (no cascade to walk).
  db.exec('DROP TABLE customer_attributes');
  db.exec('DELETE FROM customers');
  db.exec('DELETE FROM customer_columns');
  const attributes = columns.filter((column) => column.role === 'attribute');
  db.exec(attributesTableSql('customers', attributes));
  insertDatasetColumns(db, 'customers', columns);

  let importId: number | null = null;
  let writer: ReturnType<typeof datasetWriter> | null = null;
  const keys = attributes.map((column) => column.key);
  return {
    replaced,
    writer: {
      insert(row, values) {
        if (writer === null || importId !== row.importId) {
          importId = row.importId;
          writer = datasetWriter(db, 'customers', row.importId, keys);
        }
        // storedRoles('customers') order: churned, tenure, start, end.
        const churned = row.churned === null ? null : row.churned ? 1 : 0;
        const outcome = writer.insert(row.id, row.line, [churned, row.tenure, row.start, row.end], values);
        return outcome.inserted ? outcome : { inserted: false, firstLine: outcome.earlier.line };
      },
    },
  };
}

export function readCustomerColumns(db: Db): StoredColumn[] {
  return readDatasetColumns(db, 'customers') as StoredColumn[];
}

export function countCustomers(db: Db): number {
  return countRows(db, 'customers');
}
