import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertCustomers, insertDataset } from '../../tests/golden/customer-view/datasets-sql';
import { ensureCustomerView, readCustomerViewState, rebuildCustomerView } from './customer-view';
import { openProjectFile, type Db } from './database';

let dir: string;
let db: Db;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tenure-view-'));
  db = openProjectFile(join(dir, 'p.tenure'), { create: true });
});
afterEach(() => {
  if (db.open) db.close();
  rmSync(dir, { recursive: true, force: true });
});

const orders = (rows: [string, string, number][]) =>
  insertDataset(
    db,
    'transactions',
    'orders.csv',
    { customer: 'customer_id', date: 'date', amount: 'amount' },
    rows.map(([customer_id, date, amount]) => ({ customer_id, date, amount: String(amount) })),
  );

const view = (id: string) =>
  db.prepare('SELECT * FROM customer_view WHERE customer_id = ?').get(id) as Record<string, unknown>;

describe('the customer view', () => {
  it('counts order days, not rows, whatever the time of day; gaps skip same-day orders', () => {
    orders([
      ['x', '2024-01-01T09:00', 10],
      ['x', '2024-01-01T17:30', 5],
      ['x', '2024-01-08', 1],
      ['x', '2024-01-08T08:00', 1],
      ['y', '2024-01-31T23:59', 2],
    ]);
    rebuildCustomerView(db);
    expect(view('x')).toMatchObject({
      orders: 2,
      first_order: '2024-01-01',
      last_order: '2024-01-08',
      total_revenue: 17,
    });
    expect(view('y')).toMatchObject({ orders: 1, days_since_last_order: 0 });
    expect(db.prepare('SELECT days, gaps FROM inter_purchase_gaps').all()).toEqual([{ days: 7, gaps: 1 }]);
  });

  it('without a churned column, a customer table with end dates says who churned', () => {
    insertCustomers(
      db,
      [
        { position: 0, key: 'id', name: 'id', type: 'text', role: 'id' },
        { position: 1, key: 'start', name: 'joined', type: 'date', role: 'start' },
        { position: 2, key: 'end', name: 'left', type: 'date', role: 'end' },
      ],
      [
        { id: 'a', start: '2023-01-01', end: '2023-07-01' },
        { id: 'b', start: '2023-03-01', end: null },
      ],
    );
    const { applied } = rebuildCustomerView(db);
    expect(applied).toMatchObject({
      definition: { kind: 'flag' },
      asOf: '2023-07-01',
      summary: 'Churned = has an end date ("left") in the customer table on or before 2023-07-01.',
    });
    expect(view('a')).toMatchObject({ churned: 1, churn_date: '2023-07-01', tenure_days: 181 });
    expect(view('b')).toMatchObject({ churned: 0, churn_date: null, tenure_days: 122 });
  });

  it('converts a tenure column in weeks to days when there are no dates', () => {
    insertCustomers(
      db,
      [
        { position: 0, key: 'id', name: 'id', type: 'text', role: 'id' },
        { position: 1, key: 'churned', name: 'gone', type: 'boolean', role: 'churned' },
        { position: 2, key: 'tenure', name: 'weeks', type: 'integer', role: 'tenure', unit: 'weeks' },
      ],
      [{ id: 'a', churned: true, tenure: 3 }],
    );
    rebuildCustomerView(db);
    expect(view('a')).toMatchObject({ churned: 1, tenure_days: 21, first_activity: null });
  });

  it('current MRR is per month: quarterly amounts divided by 3, annual ones by 12, no interval is monthly', () => {
    insertDataset(
      db,
      'subscriptions',
      'subscriptions.csv',
      { customer: 'customer', start: 'start', end: 'end', mrr: 'mrr' },
      [
        { customer: 'monthly', start: '2024-01-01', end: null, mrr: '10' },
        { customer: 'annual', start: '2024-01-01', end: null, mrr: '120' },
        { customer: 'mixed', start: '2024-01-01', end: null, mrr: '30' },
        { customer: 'mixed', start: '2024-02-01', end: null, mrr: '5' },
        { customer: 'ended', start: '2023-01-01', end: '2023-12-31', mrr: '1200' },
        { customer: 'unpriced', start: '2024-01-01', end: null, mrr: null },
      ],
    );
    // The test helper writes migration 3's columns; the interval is set as the importer stores it.
    const setInterval = db.prepare('UPDATE subscriptions SET billing_interval = ? WHERE row = ?');
    for (const [row, interval] of [
      [2, 'year'],
      [3, 'quarter'],
      [4, 'month'],
      [5, 'year'],
      [6, 'year'],
    ] as const)
      setInterval.run(interval, row);
    rebuildCustomerView(db);
    const mrr = Object.fromEntries(
      (
        db.prepare('SELECT customer_id, current_mrr FROM customer_view').all() as {
          customer_id: string;
          current_mrr: number | null;
        }[]
      ).map((row) => [row.customer_id, row.current_mrr]),
    );
    expect(mrr).toEqual({ monthly: 10, annual: 10, mixed: 15, ended: 0, unpriced: null });
  });

  it('is rebuilt on the next read when the data changed without a rebuild, or was built by an older Tenure', () => {
    orders([['x', '2024-01-01', 1]]);
    expect(ensureCustomerView(db).customers).toBe(1);
    orders([['y', '2024-02-01', 1]]);
    expect(ensureCustomerView(db).customers).toBe(2);
    const state = readCustomerViewState(db);
    db.prepare("UPDATE project_meta SET value = ? WHERE key = 'customer_view'").run(
      JSON.stringify({ ...state, version: 0, customers: -1 }),
    );
    expect(ensureCustomerView(db).customers).toBe(2);
  });

  it('does not wait for another connection that is writing: the view as it is, then rebuilt once free', () => {
    orders([['x', '2024-01-01', 1]]);
    ensureCustomerView(db);
    db.close();
    const writer = openProjectFile(join(dir, 'p.tenure'));
    const reader = openProjectFile(join(dir, 'p.tenure'));
    writer.exec('BEGIN IMMEDIATE');
    writer
      .prepare(
        "INSERT INTO transactions (customer_id, import_id, source_line, date, amount) VALUES ('y', 1, 9, '2024-03-01', 1)",
      )
      .run();
    writer.exec('COMMIT');
    writer.exec('BEGIN IMMEDIATE');
    const started = Date.now();
    expect(ensureCustomerView(reader).customers).toBe(1);
    expect(Date.now() - started).toBeLessThan(2000);
    writer.exec('COMMIT');
    expect(ensureCustomerView(reader).customers).toBe(2);
    writer.close();
    reader.close();
  });
});
