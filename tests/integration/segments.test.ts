import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@shared/contract';
import type { CustomerFilter } from '@shared/contract/customers';
import type { Services } from '../../src-main/services';
import { openProjectFile } from '../../src-main/store/database';
import { realClient, testEnvironment } from './real-services';
import { cdnowCsv, telcoCsv } from '../support/datasets';

/**
 * Segment filters on the five analyses, through the real services (queries worker, contract checks):
 * an analysis of a segment must give exactly what the same analysis gives on a project holding only
 * that segment's customers — telco's month-to-month contracts for survival, Cox and drivers, and the
 * CDNOW customers with at least five order days for churn over time and cohorts.
 */
let dir: string;
let services: Services;
let client: Client;

beforeAll(() => {
  const test = testEnvironment('cli');
  dir = test.dir;
  ({ services, client } = realClient(test.environment));
});
afterAll(async () => {
  await services.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('telco, Contract = Month-to-month', () => {
  const all = () => join(dir, 'telco.tenure');
  const only = () => join(dir, 'telco-monthly.tenure');
  let contract: CustomerFilter[];
  let key: (name: string) => string;

  beforeAll(async () => {
    const lines = readFileSync(telcoCsv, 'utf8').trim().split('\n');
    const monthly = join(dir, 'telco-monthly.csv');
    writeFileSync(
      monthly,
      [lines[0], ...lines.slice(1).filter((l) => l.includes(',"Month-to-month",'))].join('\n'),
    );
    for (const [project, path] of [
      [all(), telcoCsv],
      [only(), monthly],
    ] as const) {
      await client.project.create({ path: project });
      await client.import.run({
        project,
        path,
        kind: 'customers',
        mapping: { id: 'customer_id', churned: 'Churn', tenure: 'tenure' },
        tenureUnit: 'months',
      });
    }
    const { columns } = await client.customers.columns({ project: all() });
    key = (name) => columns.find((column) => column.name === name)!.key;
    contract = [{ key: key('Contract'), op: 'eq', value: 'Month-to-month' }];
  }, 60_000);

  it('survival.km: the filtered curve is the unfiltered Month-to-month group and the segment project’s curve', async () => {
    const filtered = await client.survival.km({ project: all(), filters: contract });
    const grouped = await client.survival.km({ project: all(), groupBy: key('Contract') });
    const alone = await client.survival.km({ project: only() });
    const group = grouped.groups.find((g) => g.key === 'Month-to-month')!;
    expect(filtered.groups[0]!.n).toBe(3875);
    expect(filtered.groups[0]!.points).toEqual(group.points);
    expect(filtered.groups[0]!.median).toEqual(group.median);
    expect(filtered.groups).toEqual(alone.groups);
  });

  it('survival.cox and drivers.list equal their figures on the segment project', async () => {
    const covariates = [key('MonthlyCharges'), key('InternetService'), key('SeniorCitizen')];
    const filtered = await client.survival.cox({ project: all(), covariates, filters: contract });
    const alone = await client.survival.cox({ project: only(), covariates });
    expect(filtered.n).toBe(alone.n);
    expect(filtered.coefficients).toEqual(alone.coefficients);
    expect(filtered.logLik).toBe(alone.logLik);

    const drivers = await client.drivers.list({ project: all(), filters: contract });
    const driversAlone = await client.drivers.list({ project: only() });
    expect(drivers).toMatchObject({ customers: 3875, churned: driversAlone.churned });
    expect(drivers.drivers).toEqual(driversAlone.drivers);
    expect(drivers.skipped).toEqual(driversAlone.skipped);
  });

  it('an unknown filter key is refused with NOT_FOUND, naming the key', async () => {
    await expect(
      client.survival.km({ project: all(), filters: [{ key: 'no_such', op: 'eq', value: 'x' }] }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('"no_such"') });
  });
});

describe('CDNOW, customers with at least five order days', () => {
  const all = () => join(dir, 'cdnow.tenure');
  const only = () => join(dir, 'cdnow-loyal.tenure');
  const loyal: CustomerFilter[] = [{ key: 'orders', op: 'gte', value: 5 }];
  const setting = {
    definition: { kind: 'non-contractual', inactivityDays: 90 },
    asOf: '1998-06-30',
  } as const;
  const mapping = { customer: 'customer_id', date: 'date', amount: 'amount', quantity: 'quantity' };

  beforeAll(async () => {
    await client.project.create({ path: all() });
    await client.import.run({
      project: all(),
      path: cdnowCsv,
      kind: 'transactions',
      mapping,
      duplicateRows: 'keep',
    });
    await client.churn.setDefinition({ project: all(), setting });
    const db = openProjectFile(all());
    const ids = new Set(
      db.prepare('SELECT customer_id FROM customer_view WHERE orders >= 5').pluck().all() as string[],
    );
    db.close();
    const lines = readFileSync(cdnowCsv, 'utf8').trim().split('\n');
    const idColumn = lines[0]!.split(',').indexOf('customer_id');
    const subset = join(dir, 'cdnow-loyal.csv');
    writeFileSync(
      subset,
      [
        lines[0],
        ...lines.slice(1).filter((line) => ids.has(line.split(',')[idColumn]!.replace(/"/g, ''))),
      ].join('\n'),
    );
    await client.project.create({ path: only() });
    await client.import.run({
      project: only(),
      path: subset,
      kind: 'transactions',
      mapping,
      duplicateRows: 'keep',
    });
    await client.churn.setDefinition({ project: only(), setting });
  }, 120_000);

  it('retention.churnOverTime equals the segment project’s, every convention and the reconciliation', async () => {
    const filtered = await client.retention.churnOverTime({ project: all(), filters: loyal });
    const alone = await client.retention.churnOverTime({ project: only() });
    expect(filtered.segmentCustomers).toBe(alone.segmentCustomers);
    expect(filtered.segmentCustomers).toBeLessThan(23_570);
    expect(filtered.customers).toBe(alone.customers);
    expect(filtered.periods).toEqual(alone.periods);
    expect(filtered.reconciliation).toEqual(alone.reconciliation);
    expect(filtered.mrr).toBeNull();
  });

  it('retention.cohorts equals the segment project’s, per definition', async () => {
    for (const definition of [
      'active-in-period',
      'active-in-period-or-later',
      'active-in-bracket',
    ] as const) {
      const filtered = await client.retention.cohorts({ project: all(), definition, filters: loyal });
      const alone = await client.retention.cohorts({ project: only(), definition });
      expect(filtered.cohorts).toEqual(alone.cohorts);
      expect(filtered.average).toEqual(alone.average);
    }
  });
});
