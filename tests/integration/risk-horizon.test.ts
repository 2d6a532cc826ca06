import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@shared/contract';
import type { Services } from '../../src-main/services';
import { ProjectConnections } from '../../src-main/jobs/project-connections';
import { readRiskRows, riskDesignSpec } from '../../src-main/services/tasks/risk-features';
import { realClient, testEnvironment } from './real-services';
import { failure } from '../support/app-errors';

/**
 * The time-split target on a dated project counted by hand. Customers (start, end; churn = the end
 * date, as-of = the latest date 2024-05-20); horizon 90 days → default cut-off 2024-02-20, window
 * (2024-02-20, 2024-05-20]:
 *   c1 2024-01-01 –           active      → row, label 0, tenure at cut-off 50 days
 *   c2 2024-01-01 – 2024-03-15 churns in   → row, label 1, 50 days
 *   c3 2024-02-01 – 2024-05-20 churns in   → row, label 1, 19 days
 *   c4 2024-04-01 –           starts later → left out
 *   c5 2024-01-10 – 2024-02-10 gone before → left out
 *   c6 2024-01-05 –           active      → row, label 0, 46 days
 * Orders (c1: 2024-01-15 30 and 2024-03-01 99 — the second after the cut-off; c2: 2024-02-01 20):
 *   orders / revenue / days since the last order at the cut-off: c1 1 / 30 / 36, c2 1 / 20 / 19, c3 and
 *   c6 0 / 0 / missing.
 */
let dir: string;
let services: Services;
let client: Client;
let project: string;
const connections = new ProjectConnections();

beforeAll(async () => {
  const test = testEnvironment('cli');
  dir = test.dir;
  ({ services, client } = realClient(test.environment));
  project = join(dir, 'dated.tenure');
  await client.project.create({ path: project });
  const customers = join(dir, 'customers.csv');
  writeFileSync(
    customers,
    [
      'id,start,end,plan',
      'c1,2024-01-01,,A',
      'c2,2024-01-01,2024-03-15,A',
      'c3,2024-02-01,2024-05-20,B',
      'c4,2024-04-01,,B',
      'c5,2024-01-10,2024-02-10,B',
      'c6,2024-01-05,,A',
    ].join('\n'),
  );
  await client.import.run({
    project,
    path: customers,
    kind: 'customers',
    mapping: { id: 'id', start: 'start', end: 'end' },
  });
  const orders = join(dir, 'orders.csv');
  writeFileSync(
    orders,
    ['customer,date,amount', 'c1,2024-01-15,30', 'c1,2024-03-01,99', 'c2,2024-02-01,20'].join('\n'),
  );
  await client.import.run({
    project,
    path: orders,
    kind: 'transactions',
    mapping: { customer: 'customer', date: 'date', amount: 'amount' },
  });
}, 60_000);

afterAll(async () => {
  connections.closeAll();
  await services.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('risk target: churn within a horizon after a cut-off', () => {
  it('rows, labels and the features as of the cut-off, by hand', () => {
    const db = connections.get(project);
    const spec = riskDesignSpec(db, { kind: 'horizon', horizonDays: 90 }, []);
    expect(spec.cutoff).toBe('2024-02-20');
    const keys = spec.candidates.map((feature) => feature.key);
    expect(keys).toEqual(
      expect.arrayContaining([
        'tenure_at_cutoff',
        'orders_at_cutoff',
        'revenue_at_cutoff',
        'days_since_order_at_cutoff',
      ]),
    );
    // Whatever the view computes at the as-of date is excluded.
    for (const key of ['tenure_days', 'orders', 'total_revenue', 'last_activity', 'churn_date'])
      expect(spec.excluded.map((entry) => entry.key)).toContain(key);
    const rows = readRiskRows(db, spec, spec.candidates);
    const byId = (key: string) => {
      const f = rows.features.findIndex((feature) => feature.key === key);
      return Object.fromEntries(rows.ids.map((id, i) => [id, rows.columns[f]!.values[i] ?? null]));
    };
    expect(Object.fromEntries(rows.ids.map((id, i) => [id, rows.y[i]]))).toEqual({
      c1: 0,
      c2: 1,
      c3: 1,
      c6: 0,
    });
    expect(byId('tenure_at_cutoff')).toEqual({ c1: 50, c2: 50, c3: 19, c6: 46 });
    expect(byId('orders_at_cutoff')).toEqual({ c1: 1, c2: 1, c3: 0, c6: 0 });
    expect(byId('revenue_at_cutoff')).toEqual({ c1: 30, c2: 20, c3: 0, c6: 0 });
    expect(byId('days_since_order_at_cutoff')).toEqual({ c1: 36, c2: 19, c3: null, c6: null });
    expect(rows.target).toMatchObject({
      kind: 'horizon',
      cutoff: '2024-02-20',
      horizonDays: 90,
      asOf: '2024-05-20',
      rows: 4,
      positives: 2,
    });
    expect(rows.target.leftOut).toEqual([
      { reason: 'no activity on or before the cut-off 2024-02-20', customers: 1 },
      { reason: 'churned on or before the cut-off 2024-02-20', customers: 1 },
    ]);
  });

  it('trains and scores the customers active at the as-of date; a cut-off too late is refused', async () => {
    const trained = await client.risk.train({
      project,
      model: 'logistic',
      target: { kind: 'horizon', horizonDays: 90 },
      features: ['plan'],
      folds: 2,
    });
    expect(trained.target).toMatchObject({ rows: 4, positives: 2, cutoff: '2024-02-20' });
    expect(trained.target.description).toMatch(/within 90 days after 2024-02-20/);
    const scored = await client.risk.score({ project, model: trained.modelId });
    // Active on 2024-05-20: c1, c4, c6 (c3 ends that day and counts as churned).
    expect(scored.customers).toBe(3);
    expect(scored.valueBasis).toBe('total_revenue');
    const late = await failure(
      client.risk.train({
        project,
        model: 'logistic',
        target: { kind: 'horizon', horizonDays: 90, cutoff: '2024-03-01' },
      }),
    );
    expect(late.code).toBe('INVALID_REQUEST');
    expect(late.message).toMatch(/2024-02-20/);
  });
});

/**
 * A shop's order log (non-contractual churn: more than 30 days without an order, as-of 2024-06-30, the
 * latest order). Last orders: o1 05-01, o2 02-10, o3 03-20, o4 06-30, o5 02-01; churned: all but o4.
 * A churn (the last order) after 2024-05-30 could not be seen yet at the as-of date (30 days must pass
 * first), so a 60-day window must end by then: default cut-off 2024-03-31, window (03-31, 05-30]. Rows:
 * o1 (label 1: last order 05-01 in the window) and o4 (0); o2, o3 and o5 churned before the cut-off.
 * Without the delay the cut-off would be 05-01 and the window (05-01, 06-30] could hold no churner.
 */
describe('risk target on an order log: the inactivity window delays what can be seen', () => {
  it('ends the default window where churn is still visible, and refuses a later one', async () => {
    const shop = join(dir, 'shop.tenure');
    await client.project.create({ path: shop });
    const orders = join(dir, 'shop-orders.csv');
    writeFileSync(
      orders,
      [
        'customer,date,amount',
        'o1,2024-01-05,10',
        'o1,2024-05-01,10',
        'o2,2024-01-10,10',
        'o2,2024-02-10,10',
        'o3,2024-01-02,10',
        'o3,2024-03-20,10',
        'o4,2024-01-03,10',
        'o4,2024-06-30,10',
        'o5,2024-02-01,10',
      ].join('\n'),
    );
    await client.import.run({
      project: shop,
      path: orders,
      kind: 'transactions',
      mapping: { customer: 'customer', date: 'date', amount: 'amount' },
    });
    await client.churn.setDefinition({
      project: shop,
      setting: { definition: { kind: 'non-contractual', inactivityDays: 30 }, asOf: null },
    });
    const spec = riskDesignSpec(connections.get(shop), { kind: 'horizon', horizonDays: 60 }, []);
    expect(spec.cutoff).toBe('2024-03-31');
    const rows = readRiskRows(connections.get(shop), spec, spec.candidates);
    expect(Object.fromEntries(rows.ids.map((id, i) => [id, rows.y[i]]))).toEqual({ o1: 1, o4: 0 });
    expect(rows.target.description).toContain(
      'A churn shows only 31 days after its date, so the window ends by 2024-05-30',
    );
    const late = await failure(
      client.risk.features({
        project: shop,
        target: { kind: 'horizon', horizonDays: 60, cutoff: '2024-04-15' },
      }),
    );
    expect(late.code).toBe('INVALID_REQUEST');
    expect(late.message).toMatch(/goes past 2024-05-30.*on or before 2024-03-31/);
  });
});
