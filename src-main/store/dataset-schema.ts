import type { ColumnType } from '@shared/domain/columns';
import type { DatasetKind } from '@shared/domain/datasets';

/**
 * The current DDL of each dataset's tables, used at run time: a replacing import creates fresh tables
 * from it (the old ones are renamed for undo), and undo recreates the indexes it dropped. Migrations are
 * frozen history; this is the one place the live shape is written. `dataset-schema.test.ts` checks that
 * a freshly migrated project has exactly these tables and indexes.
 *
 * Every name in here is ours; user text never reaches this SQL.
 */

export interface DatasetTables {
  kind: DatasetKind;
  /** The rows: fixed roles as real columns, plus import_id and source_line. */
  rows: string;
  /** One typed column per unmapped file column (a1, a2…), joined on `row`. */
  attributes: string;
  /** What each column was called in the file, its type and role. */
  columns: string;
  /** SQL column of each role (the customer id role is customer_id in every table). */
  roleColumns: Readonly<Record<string, string>>;
  /** The role holding the customer id. */
  customerRole: 'id' | 'customer';
  /** Explicit indexes (autoindexes of UNIQUE constraints travel with their table). */
  indexes: readonly { name: string; sql: string }[];
}

export const datasetTables: Record<DatasetKind, DatasetTables> = {
  customers: {
    kind: 'customers',
    rows: 'customers',
    attributes: 'customer_attributes',
    columns: 'customer_columns',
    roleColumns: {
      id: 'customer_id',
      churned: 'churned',
      tenure: 'tenure',
      start: 'start_date',
      end: 'end_date',
    },
    customerRole: 'id',
    indexes: [],
  },
  subscriptions: {
    kind: 'subscriptions',
    rows: 'subscriptions',
    attributes: 'subscription_attributes',
    columns: 'subscription_columns',
    roleColumns: {
      customer: 'customer_id',
      plan: 'plan',
      start: 'start_date',
      end: 'end_date',
      mrr: 'mrr',
      currency: 'currency',
      interval: 'billing_interval',
    },
    customerRole: 'customer',
    indexes: [
      {
        name: 'subscriptions_by_customer',
        sql: 'CREATE INDEX subscriptions_by_customer ON subscriptions(customer_id, start_date)',
      },
    ],
  },
  transactions: {
    kind: 'transactions',
    rows: 'transactions',
    attributes: 'transaction_attributes',
    columns: 'transaction_columns',
    roleColumns: {
      customer: 'customer_id',
      date: 'date',
      amount: 'amount',
      quantity: 'quantity',
      product: 'product',
    },
    customerRole: 'customer',
    indexes: [
      {
        name: 'transactions_by_customer',
        sql: 'CREATE INDEX transactions_by_customer ON transactions(customer_id, date)',
      },
    ],
  },
  events: {
    kind: 'events',
    rows: 'events',
    attributes: 'event_attributes',
    columns: 'event_columns',
    roleColumns: { customer: 'customer_id', time: 'time', type: 'type', value: 'value' },
    customerRole: 'customer',
    indexes: [
      { name: 'events_by_customer', sql: 'CREATE INDEX events_by_customer ON events(customer_id, time)' },
    ],
  },
  feedback: {
    kind: 'feedback',
    rows: 'feedback',
    attributes: 'feedback_attributes',
    columns: 'feedback_columns',
    roleColumns: {
      customer: 'customer_id',
      date: 'date',
      score: 'score',
      comment: 'comment',
      reason: 'reason',
    },
    customerRole: 'customer',
    indexes: [
      {
        name: 'feedback_by_customer',
        sql: 'CREATE INDEX feedback_by_customer ON feedback(customer_id, date)',
      },
    ],
  },
};

/** The role columns of each kind's row table, after row, customer_id, import_id and source_line. */
const rowColumnsSql: Record<DatasetKind, string> = {
  customers: `churned     INTEGER CHECK (churned IN (0, 1)),
        start_date  TEXT,
        end_date    TEXT,
        tenure      REAL`,
  subscriptions: `plan        TEXT,
        start_date  TEXT NOT NULL,
        end_date    TEXT,
        mrr         REAL,
        currency    TEXT,
        billing_interval TEXT CHECK (billing_interval IN ('month', 'quarter', 'year'))`,
  transactions: `date        TEXT NOT NULL,
        amount      REAL NOT NULL,
        quantity    REAL,
        product     TEXT`,
  events: `time        TEXT NOT NULL,
        type        TEXT NOT NULL,
        value       REAL`,
  feedback: `date        TEXT NOT NULL,
        score       REAL,
        comment     TEXT,
        reason      TEXT`,
};

/** CREATE TABLE of a kind's row table. Customer ids are unique only in the customer table. */
export function rowsTableSql(kind: DatasetKind): string {
  const { rows } = datasetTables[kind];
  const unique = kind === 'customers' ? ' UNIQUE' : '';
  return `CREATE TABLE ${rows} (
        row         INTEGER PRIMARY KEY,
        customer_id TEXT NOT NULL${unique},
        import_id   INTEGER NOT NULL REFERENCES imports(id),
        source_line INTEGER NOT NULL,
        ${rowColumnsSql[kind]}
      ) STRICT`;
}

export const attributeSqlType: Record<ColumnType, string> = {
  integer: 'INTEGER',
  decimal: 'REAL',
  boolean: 'INTEGER',
  date: 'TEXT',
  category: 'TEXT',
  text: 'TEXT',
};

const attributeKey = /^a[1-9][0-9]*$/;

/** Whether a key is one of our generated attribute column names (a1, a2…), safe to put in SQL. */
export function isAttributeKey(key: string): boolean {
  return attributeKey.test(key);
}

/** CREATE TABLE of a kind's attribute table, with these generated attribute columns. */
export function attributesTableSql(
  kind: DatasetKind,
  attributes: readonly { key: string; type: ColumnType }[] = [],
): string {
  const { rows, attributes: table } = datasetTables[kind];
  const defs = attributes
    .map((column) => {
      if (!isAttributeKey(column.key)) throw new Error(`bad attribute key ${column.key}`);
      return `, ${column.key} ${attributeSqlType[column.type]}`;
    })
    .join('');
  return `CREATE TABLE ${table} (
        row INTEGER PRIMARY KEY REFERENCES ${rows}(row) ON DELETE CASCADE${defs}
      ) STRICT`;
}

export function columnsTableSql(kind: DatasetKind): string {
  return `CREATE TABLE ${datasetTables[kind].columns} (
        position    INTEGER PRIMARY KEY,
        key         TEXT NOT NULL UNIQUE,
        name        TEXT NOT NULL,
        type        TEXT NOT NULL,
        role        TEXT NOT NULL,
        unit        TEXT,
        values_json TEXT
      ) STRICT`;
}

/** The three tables of a kind, as a fresh (empty) dataset has them; indexes apart. */
export function datasetTablesSql(kind: DatasetKind): string[] {
  return [rowsTableSql(kind), columnsTableSql(kind), attributesTableSql(kind)];
}

/** The name a table of an import's undo archive gets: undo<importId>_<table>. */
export function archiveTableName(importId: number, table: string): string {
  if (!Number.isSafeInteger(importId) || importId <= 0) throw new Error(`bad import id ${importId}`);
  return `undo${importId}_${table}`;
}
