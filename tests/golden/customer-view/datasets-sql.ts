import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { DatasetKind } from '@shared/domain/datasets';
import type { Db } from '../../../src-main/store/database';
import { insertImport } from '../../../src-main/store/imports';
import { replaceCustomerTable, type StoredColumn } from '../../../src-main/store/customers';

/**
 * Writes datasets into a migrated project file with plain SQL, the way an import leaves them (rows,
 * import record, the `<one>_columns` description), without going through the importer: the customer
 * view is tested apart from it.
 */

/** A small CSV without quotes (the fixtures here have none), as records; empty fields are null. */
export function readSimpleCsv(path: string): Record<string, string | null>[] {
  const [header, ...lines] = readFileSync(path, 'utf8').trimEnd().split('\n');
  const names = (header as string).split(',');
  return lines.map((line) => {
    const fields = line.split(',');
    return Object.fromEntries(
      names.map((name, i) => [name, fields[i] === '' || fields[i] === undefined ? null : fields[i]]),
    );
  });
}

export function addImport(db: Db, kind: DatasetKind, fileName: string, rows: number): number {
  return insertImport(db, {
    kind,
    fileName,
    filePath: `/fixtures/${fileName}`,
    fileSize: 1,
    fileSha256: fileName,
    startedAt: '2024-07-01T00:00:00.000Z',
    finishedAt: '2024-07-01T00:00:01.000Z',
    rowsRead: rows,
    rowsImported: rows,
    rowsRejected: 0,
    options: {},
    mapping: {},
  });
}

/** The physical columns of each kind's table, by role (as migration 3 names them). */
const roleColumns: Record<Exclude<DatasetKind, 'customers'>, Record<string, string>> = {
  subscriptions: {
    customer: 'customer_id',
    plan: 'plan',
    start: 'start_date',
    end: 'end_date',
    mrr: 'mrr',
    currency: 'currency',
  },
  transactions: {
    customer: 'customer_id',
    date: 'date',
    amount: 'amount',
    quantity: 'quantity',
    product: 'product',
  },
  events: { customer: 'customer_id', time: 'time', type: 'type', value: 'value' },
  feedback: { customer: 'customer_id', date: 'date', score: 'score', comment: 'comment', reason: 'reason' },
};

const tableOf = {
  subscriptions: 'subscription',
  transactions: 'transaction',
  events: 'event',
  feedback: 'feedback',
};

const numericRoles = new Set(['mrr', 'amount', 'quantity', 'value', 'score']);
const dateRoles = new Set(['start', 'end', 'date', 'time']);

/**
 * Inserts rows of a non-customer kind. `mapping` is role → field name of the records; the column
 * descriptions go to `<one>_columns` with the role as key.
 */
export function insertDataset(
  db: Db,
  kind: Exclude<DatasetKind, 'customers'>,
  fileName: string,
  mapping: Record<string, string>,
  records: readonly Record<string, string | null>[],
): number {
  const importId = addImport(db, kind, fileName, records.length);
  const roles = Object.keys(mapping);
  const physical = roles.map((role) => roleColumns[kind][role] as string);
  const insert = db.prepare(
    `INSERT INTO ${kind} (import_id, source_line, ${physical.join(', ')}) VALUES (?, ?, ${physical.map(() => '?').join(', ')})`,
  );
  records.forEach((record, index) => {
    insert.run(
      importId,
      index + 2,
      ...roles.map((role) => {
        const value = record[mapping[role] as string] ?? null;
        return value !== null && numericRoles.has(role) ? Number(value) : value;
      }),
    );
  });
  const putColumn = db.prepare(
    `INSERT OR REPLACE INTO ${tableOf[kind]}_columns (position, key, name, type, role) VALUES (?, ?, ?, ?, ?)`,
  );
  roles.forEach((role, position) => {
    const type = numericRoles.has(role)
      ? 'decimal'
      : dateRoles.has(role)
        ? 'date'
        : role === 'customer'
          ? 'text'
          : 'category';
    putColumn.run(position, role, mapping[role], type, role);
  });
  return importId;
}

/** A customer table with an id, optional flag/dates and attributes, through the store's own writer. */
export function insertCustomers(
  db: Db,
  columns: StoredColumn[],
  rows: {
    id: string;
    churned?: boolean | null;
    start?: string | null;
    end?: string | null;
    tenure?: number | null;
    attributes?: (string | number | null)[];
  }[],
): void {
  if (!db.inTransaction) {
    db.transaction(() => insertCustomers(db, columns, rows))();
    return;
  }
  const importId = addImport(db, 'customers', 'customers.csv', rows.length);
  const { writer } = replaceCustomerTable(db, columns);
  rows.forEach((row, index) => {
    writer.insert(
      {
        id: row.id,
        importId,
        line: index + 2,
        churned: row.churned ?? null,
        start: row.start ?? null,
        end: row.end ?? null,
        tenure: row.tenure ?? null,
      },
      row.attributes ?? [],
    );
  });
}

const fixtureDir = resolve(import.meta.dirname, 'fixture');
/** The CDNOW log in the shared data folder beside the repository (as CI has it). */
export const cdnowCsv = resolve(
  import.meta.dirname,
  '..',
  '..',
  '..',
  '..',
  'shared',
  'data',
  'cdnow_transactions.csv',
);

/** The hand-made fixture of fixture/ (see the README): every kind, ten customers. */
export function writeFixtureDatasets(db: Db): void {
  const fixture = (name: string) => readSimpleCsv(join(fixtureDir, name));
  db.transaction(() => {
    insertCustomers(
      db,
      [
        { position: 0, key: 'id', name: 'customer_id', type: 'text', role: 'id' },
        { position: 1, key: 'a1', name: 'region', type: 'category', role: 'attribute' },
        { position: 2, key: 'start', name: 'start_date', type: 'date', role: 'start' },
      ],
      fixture('customers.csv').map((row) => ({
        id: row.customer_id as string,
        start: row.start_date ?? null,
        attributes: [row.region ?? null],
      })),
    );
    insertDataset(
      db,
      'subscriptions',
      'subscriptions.csv',
      { customer: 'customer_id', plan: 'plan', start: 'start_date', end: 'end_date', mrr: 'mrr' },
      fixture('subscriptions.csv'),
    );
    insertDataset(
      db,
      'transactions',
      'transactions.csv',
      { customer: 'customer_id', date: 'date', amount: 'amount' },
      fixture('transactions.csv'),
    );
    insertDataset(
      db,
      'events',
      'events.csv',
      { customer: 'customer_id', time: 'time', type: 'type' },
      fixture('events.csv'),
    );
    insertDataset(
      db,
      'feedback',
      'feedback.csv',
      { customer: 'customer_id', date: 'date', score: 'score', comment: 'comment' },
      fixture('feedback.csv'),
    );
  })();
}

/** The CDNOW purchase log as a transactions dataset (69,659 rows, 23,570 customers). */
export function writeCdnowTransactions(db: Db): void {
  const lines = readFileSync(cdnowCsv, 'utf8').trimEnd().split('\n').slice(1);
  db.transaction(() => {
    insertDataset(
      db,
      'transactions',
      'cdnow_transactions.csv',
      { customer: 'customer_id', date: 'date', quantity: 'quantity', amount: 'amount' },
      lines.map((line) => {
        const [customer_id, date, quantity, amount] = line.split(',');
        return {
          customer_id: customer_id ?? null,
          date: date ?? null,
          quantity: quantity ?? null,
          amount: amount ?? null,
        };
      }),
    );
  })();
}
