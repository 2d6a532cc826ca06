import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportRequest } from '@shared/contract/import';
import { summariseInterPurchase } from '../../../src-main/engine/churn/inter-purchase';
import { importCustomersTask } from '../../../src-main/import/customers-import';
import { ProjectConnections } from '../../../src-main/jobs/project-connections';
import { createTaskContext } from '../../../src-main/jobs/task-context';
import {
  readCustomerViewState,
  readInterPurchaseGaps,
  rebuildCustomerView,
  writeChurnSetting,
} from '../../../src-main/store/customer-view';
import { openProjectFile, type Db } from '../../../src-main/store/database';
import { telcoCsv } from '../../support/datasets';
import { readSimpleCsv, writeCdnowTransactions, writeFixtureDatasets } from './datasets-sql';

// Reference: tests/golden/customer-view/customer_view.py (pandas, the rules written out independently).
// Counts and dates must match exactly, money to 1e-9 relative.

const here = resolve('tests/golden/customer-view');
const sharedData = resolve('..', 'shared', 'data');

type Value = string | number | null;
interface ViewRow {
  customer_id: string;
  customer_row: number | null;
  [column: string]: Value;
}

const moneyColumns = ['current_mrr', 'total_revenue'];
const exactColumns = [
  'first_activity',
  'last_activity',
  'tenure_days',
  'churned',
  'churn_date',
  'orders',
  'first_order',
  'last_order',
  'days_since_last_order',
  'tickets_90d',
  'complaints_90d',
  'latest_nps',
];

function expectMoney(actual: Value, expected: Value, label: string): void {
  if (expected === null || actual === null) {
    expect(actual, label).toBe(expected);
    return;
  }
  const scale = Math.max(1, Math.abs(Number(expected)));
  expect(Math.abs(Number(actual) - Number(expected)) / scale, label).toBeLessThan(1e-9);
}

function viewRows(db: Db): ViewRow[] {
  return db.prepare('SELECT * FROM customer_view ORDER BY row').all() as ViewRow[];
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tenure-view-golden-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('hand-made fixture: customers, subscriptions, transactions, events, feedback', () => {
  interface Expected {
    as_of: string;
    customers: number;
    churned: number;
    unknown: number;
    rows: (Record<string, Value> & { customer_id: string; in_customer_table: boolean })[];
  }
  const golden = JSON.parse(readFileSync(join(here, 'fixture-expected.json'), 'utf8')) as {
    default: Expected;
    as_of_2024_04_30: Expected;
  };
  let db: Db;

  beforeAll(() => {
    db = openProjectFile(join(dir, 'fixture.tenure'), { create: true });
    writeFixtureDatasets(db);
  });
  afterAll(() => db.close());

  function compare(expected: Expected): void {
    const rows = viewRows(db);
    expect(rows.map((row) => row.customer_id)).toEqual(expected.rows.map((row) => row.customer_id));
    rows.forEach((row, index) => {
      const want = expected.rows[index] as Expected['rows'][number];
      expect(row.customer_row !== null, `${row.customer_id} in the customer table`).toBe(
        want.in_customer_table,
      );
      for (const column of exactColumns)
        expect(row[column], `${row.customer_id} ${column}`).toBe(want[column]);
      for (const column of moneyColumns)
        expectMoney(row[column] as Value, want[column] as Value, `${row.customer_id} ${column}`);
    });
    const state = readCustomerViewState(db);
    expect(state).toMatchObject({
      asOf: expected.as_of,
      customers: expected.customers,
      churned: expected.churned,
      unknown: expected.unknown,
    });
  }

  it('defaults to the contractual definition (subscriptions, no flag) as of the latest date', () => {
    const result = rebuildCustomerView(db);
    expect(result.applied).toMatchObject({
      definition: { kind: 'contractual', graceDays: 30 },
      graceDays: 30,
      asOf: '2024-06-30',
      asOfSource: 'data',
      summary: 'Churned = every subscription ended and none renewed within 30 days, as of 2024-06-30.',
    });
    expect(result.applied?.explanation).toContain(
      '2 of 10 customers have no subscription that started by then',
    );
    compare(golden.default);
  });

  it('an as-of date in the past ignores everything after it', () => {
    writeChurnSetting(db, { definition: { kind: 'contractual', graceDays: 30 }, asOf: '2024-04-30' });
    const result = rebuildCustomerView(db);
    expect(result.applied).toMatchObject({ asOf: '2024-04-30', asOfSource: 'user' });
    compare(golden.as_of_2024_04_30);
    writeChurnSetting(db, { definition: null, asOf: null });
    rebuildCustomerView(db);
  });

  it('the grace period decides the customer whose subscription ended 30 days before as-of', () => {
    // B2's only subscription ended 2024-05-31, exactly 30 days before 2024-06-30.
    const churnedOf = (id: string) =>
      db.prepare('SELECT churned FROM customer_view WHERE customer_id = ?').pluck().get(id) as number | null;
    writeChurnSetting(db, { definition: { kind: 'contractual', graceDays: 31 }, asOf: null });
    rebuildCustomerView(db);
    expect(churnedOf('B2')).toBe(0);
    writeChurnSetting(db, { definition: { kind: 'contractual', graceDays: 30 }, asOf: null });
    rebuildCustomerView(db);
    expect(churnedOf('B2')).toBe(1);
    writeChurnSetting(db, { definition: null, asOf: null });
    rebuildCustomerView(db);
  });
});

describe('CDNOW purchase log (transactions only): the non-contractual definition', () => {
  const summary = JSON.parse(readFileSync(join(here, 'cdnow-summary.json'), 'utf8')) as {
    rows: number;
    customers: number;
    default: Record<string, number | string | null> & { gap_counts: Record<string, number> };
    calibration: Record<string, number | string | null> & { gap_counts: Record<string, number> };
  };
  let db: Db;

  beforeAll(() => {
    db = openProjectFile(join(dir, 'cdnow.tenure'), { create: true });
    writeCdnowTransactions(db);
  });
  afterAll(() => db.close());

  function expectGapStats(expected: typeof summary.default): void {
    const gaps = readInterPurchaseGaps(db);
    expect(Object.fromEntries(gaps.map((gap) => [String(gap.days), gap.count]))).toEqual(expected.gap_counts);
    const stats = summariseInterPurchase(gaps);
    expect(stats.gaps).toBe(expected.gaps);
    expect(stats.median).toBe(expected.median);
    expect(stats.p75).toBe(expected.p75);
    expect(stats.p90).toBe(expected.p90);
    expect(stats.p95).toBe(expected.p95);
    expect(stats.histogram.reduce((sum, bin) => sum + bin.count, 0)).toBe(expected.gaps);
  }

  it('every customer matches pandas at the default as-of (1998-06-30)', () => {
    const result = rebuildCustomerView(db);
    expect(result).toMatchObject({ customers: summary.customers, churned: summary.default.churned });
    expect(result.applied).toMatchObject({
      definition: { kind: 'non-contractual', inactivityDays: null },
      inactivityDays: summary.default.window_days,
      asOf: '1998-06-30',
      summary: `Churned = no order for more than ${summary.default.window_days} days before 1998-06-30.`,
    });
    expect(result.applied?.explanation).toContain('90% of repeat purchases (44,021 gaps');
    expectGapStats(summary.default);

    const expected = readSimpleCsv(join(here, 'cdnow-customers.csv'));
    const rows = viewRows(db);
    expect(rows.length).toBe(expected.length);
    rows.forEach((row, index) => {
      const want = expected[index] as Record<string, string | null>;
      const label = row.customer_id;
      expect(row.customer_id).toBe(want.customer_id);
      expect([row.first_order, row.last_order, row.first_activity, row.last_activity], label).toEqual([
        want.first_order,
        want.last_order,
        want.first_order,
        want.last_order,
      ]);
      expect([row.orders, row.days_since_last_order, row.tenure_days, row.churned], label).toEqual([
        Number(want.orders),
        Number(want.days_since_last_order),
        Number(want.tenure_days),
        Number(want.churned),
      ]);
      expect(row.churn_date, label).toBe(row.churned === 1 ? want.last_order : null);
      expectMoney(row.total_revenue ?? null, Number(want.total_revenue), `${label} revenue`);
      expect([row.current_mrr, row.tickets_90d, row.latest_nps], label).toEqual([null, null, null]);
    });
  });

  it('as of the BTYD calibration end (1997-09-30): pandas, and the published CDNOW sample summary', () => {
    writeChurnSetting(db, { definition: null, asOf: '1997-09-30' });
    const result = rebuildCustomerView(db);
    const calibration = summary.calibration;
    expect(result).toMatchObject({ customers: summary.customers, churned: calibration.churned });
    expect(result.applied?.inactivityDays).toBe(calibration.window_days);
    expectGapStats(calibration);
    const totals = db
      .prepare(
        'SELECT SUM(orders) AS orders, SUM(total_revenue) AS revenue, COUNT(last_order) AS buyers FROM customer_view',
      )
      .get() as { orders: number; revenue: number; buyers: number };
    expect(totals.orders).toBe(calibration.orders);
    expect(totals.buyers).toBe(calibration.customers_with_orders);
    expectMoney(totals.revenue, calibration.total_revenue ?? null, 'revenue');

    // Fader, Hardie & Lee's 1/10 sample as lifetimes ships it: x = repeat purchase days, t_x = time of the
    // last purchase and T = time to the calibration end, both in weeks from the first purchase (2 decimals).
    const sampleOf = new Map(
      readSimpleCsv(join(sharedData, 'cdnow', 'cdnow_sample_map.csv')).map((row) => [
        row.sample_id,
        row.customer_id,
      ]),
    );
    const published = readSimpleCsv(
      join(sharedData, 'cdnow', 'cdnow_customers_summary_with_transactions.csv'),
    );
    expect(published.length).toBe(2357);
    const byId = db.prepare(
      `SELECT orders, julianday(last_order) - julianday(first_order) AS recency,
              julianday('1997-09-30') - julianday(first_order) AS age
       FROM customer_view WHERE customer_id = ?`,
    );
    const weeks = (days: number) => Math.round((days / 7) * 100) / 100;
    for (const row of published) {
      const view = byId.get(sampleOf.get(row.ID ?? '')) as { orders: number; recency: number; age: number };
      expect([view.orders - 1, weeks(view.recency), weeks(view.age)], `sample ${row.ID}`).toEqual([
        Number(row.x),
        Number(row.t_x),
        Number(row.T),
      ]);
    }
    writeChurnSetting(db, { definition: null, asOf: null });
    rebuildCustomerView(db);
  });
});

describe('telco sample: the flag definition', () => {
  it('keeps 7043 customers and 1869 churned', async () => {
    const project = join(dir, 'telco.tenure');
    openProjectFile(project, { create: true }).close();
    const connections = new ProjectConnections();
    const ctx = createTaskContext({ isCancelled: () => false, emit: () => undefined, projects: connections });
    await importCustomersTask(
      ImportRequest.parse({
        project,
        path: telcoCsv,
        kind: 'customers',
        mapping: { id: 'customer_id', churned: 'Churn', tenure: 'tenure' },
        tenureUnit: 'months',
      }),
      ctx,
    );
    const db = connections.get(project);
    const result = rebuildCustomerView(db);
    expect(result).toMatchObject({ customers: 7043, churned: 1869 });
    expect(result.applied).toMatchObject({
      definition: { kind: 'flag' },
      asOf: null,
      asOfSource: 'none',
      summary: `Churned = the customer table's column "Churn" says so ("Yes").`,
    });
    // No dates: tenure comes from the tenure column, in months of 365.25 / 12 days.
    const tenure = db.prepare('SELECT tenure_days FROM customer_view WHERE customer_id = ?').pluck();
    expect(tenure.get('C0001')).toBe(1 * (365.25 / 12));
    expect(db.prepare('SELECT COUNT(*) FROM customer_view WHERE customer_row IS NULL').pluck().get()).toBe(0);
    connections.closeAll();
  });
});
