import type { ColumnType, CustomerRole, TenureUnit } from '@shared/domain/columns';
import type { Db } from './database';

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

const sqlTypeOf: Record<ColumnType, string> = {
  integer: 'INTEGER',
  decimal: 'REAL',
  boolean: 'INTEGER',
  date: 'TEXT',
  category: 'TEXT',
  text: 'TEXT',
};

const attributeKey = /^a[1-9][0-9]*$/;

export function isAttributeKey(key: string): boolean {
  return attributeKey.test(key);
}

export type StoredValue = number | string | null;

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
 * Empties the customer table and prepares it for a new one with these columns. Call inside the import's
 * transaction: a rollback restores the old table, columns and attributes exactly.
 * Returns how many customers were replaced and a writer for the new rows.
 */
export function replaceCustomerTable(
  db: Db,
  columns: readonly StoredColumn[],
): { replaced: number; writer: CustomerWriter } {
  if (!db.inTransaction) throw new Error('replaceCustomerTable must run inside a transaction');
  const replaced = (db.prepare('SELECT COUNT(*) AS n FROM customers').get() as { n: number }).n;

  // Dropping the child table first keeps the DELETE below a fast truncate (no cascade to walk).
  db.exec('DROP TABLE customer_attributes');
  db.exec('DELETE FROM customers');
  db.exec('DELETE FROM customer_columns');

  const attributes = columns.filter((column) => column.role === 'attribute');
  for (const column of attributes) {
    if (!isAttributeKey(column.key)) throw new Error(`bad attribute key ${column.key}`);
  }
  // Column names here are our generated keys (a1, a2…), checked above; user text never reaches the SQL.
  const attributeDefs = attributes.map((column) => `, ${column.key} ${sqlTypeOf[column.type]}`).join('');
  db.exec(
    `CREATE TABLE customer_attributes (
       row INTEGER PRIMARY KEY REFERENCES customers(row) ON DELETE CASCADE${attributeDefs}
     ) STRICT`,
  );

  const putColumn = db.prepare(
    'INSERT INTO customer_columns (position, key, name, type, role, unit, values_json) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  for (const column of columns) {
    putColumn.run(
      column.position,
      column.key,
      column.name,
      column.type,
      column.role,
      column.unit ?? null,
      column.values ? JSON.stringify(column.values) : null,
    );
  }

  const insertCustomer = db.prepare(
    `INSERT INTO customers (customer_id, import_id, source_line, churned, start_date, end_date, tenure)
     VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(customer_id) DO NOTHING`,
  );
  const firstLineOf = db.prepare('SELECT source_line FROM customers WHERE customer_id = ?').pluck();
  const placeholders = attributes.map(() => ', ?').join('');
  const insertAttributes = db.prepare(
    `INSERT INTO customer_attributes (row${attributes.map((column) => `, ${column.key}`).join('')})
     VALUES (?${placeholders})`,
  );

  const writer: CustomerWriter = {
    insert(row, values) {
      const churned = row.churned === null ? null : row.churned ? 1 : 0;
      const result = insertCustomer.run(
        row.id,
        row.importId,
        row.line,
        churned,
        row.start,
        row.end,
        row.tenure,
      );
      if (result.changes === 0) return { inserted: false, firstLine: firstLineOf.get(row.id) as number };
      if (attributes.length > 0) insertAttributes.run(result.lastInsertRowid, ...values);
      return { inserted: true };
    },
  };
  return { replaced, writer };
}

export function readCustomerColumns(db: Db): StoredColumn[] {
  const rows = db
    .prepare(
      'SELECT position, key, name, type, role, unit, values_json FROM customer_columns ORDER BY position',
    )
    .all() as {
    position: number;
    key: string;
    name: string;
    type: ColumnType;
    role: CustomerRole;
    unit: TenureUnit | null;
    values_json: string | null;
  }[];
  return rows.map((row) => ({
    position: row.position,
    key: row.key,
    name: row.name,
    type: row.type,
    role: row.role,
    ...(row.unit ? { unit: row.unit } : {}),
    ...(row.values_json ? { values: JSON.parse(row.values_json) as StoredColumn['values'] } : {}),
  }));
}

export function countCustomers(db: Db): number {
  return (db.prepare('SELECT COUNT(*) AS n FROM customers').get() as { n: number }).n;
}
