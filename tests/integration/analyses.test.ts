import { readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@shared/contract';
import type { Services } from '../../src-main/services';
import type { AppEnvironment } from '../../src-main/app/environment';
import { runCli } from './cli-harness';
import { realClient, testEnvironment } from './real-services';
import { cdnowCsv, telcoCsv } from '../support/datasets';

/**
 * The retention analyses through the real services, in-process (dispatch validates every request and
 * response against the contract; the work runs in the queries worker): churn drivers on telco against
 * R's figures (tests/golden/drivers/telco-drivers.json); churn over time and cohorts on the CDNOW log
 * against pandas (tests/golden/retention/retention.py). The golden's rules are the app's non-contractual
 * definition with a 90-day window: churned when the last order is more than 90 days before as-of
 * (1998-06-30, the latest date), churn date = the last order, start = the first order; so once the
 * project's definition is set to 90 days the definitions coincide and every count must match exactly.
 */
let dir: string;
let services: Services;
let client: Client;
let environment: AppEnvironment;

beforeAll(() => {
  const test = testEnvironment('cli');
  dir = test.dir;
  environment = test.environment;
  ({ services, client } = realClient(test.environment));
});
afterAll(async () => {
  await services.close();
  rmSync(dir, { recursive: true, force: true });
});

const relative = (actual: number, expected: number) => Math.abs(actual - expected) / Math.abs(expected);

describe('drivers.list on telco (R: tests/golden/drivers/drivers.R)', () => {
  const golden = JSON.parse(readFileSync(resolve('tests/golden/drivers/telco-drivers.json'), 'utf8')) as {
    categorical: Record<string, { chisq: { statistic: number; df: number; p: number }; cramers_v: number }>;
    numeric: Record<string, { wilcox: { W: number; p: number }; chisq: { statistic: number } }>;
  };
  const project = () => join(dir, 'telco.tenure');

  it("ranks Contract first or near the top, with R's chi-square, and leaves the id and the flag out", async () => {
    await client.project.create({ path: project() });
    await client.import.run({
      project: project(),
      path: telcoCsv,
      kind: 'customers',
      mapping: { id: 'customer_id', churned: 'Churn' },
    });
    const result = await client.drivers.list({ project: project() });
    expect(result).toMatchObject({ customers: 7043, churned: 1869 });
    expect(result.baseRate).toBeCloseTo(1869 / 7043, 12);
    expect(result.definition.summary).toBeTruthy();
    const names = result.drivers.map((driver) => driver.name);
    expect(names).not.toContain('customer_id');
    expect(names).not.toContain('Churn');
    const contract = result.drivers.find((driver) => driver.name === 'Contract');
    expect(contract?.rank).toBeLessThanOrEqual(3);
    const reference = golden.categorical.Contract!;
    expect(contract?.test).toMatchObject({ method: 'chi-square', df: reference.chisq.df });
    expect(relative(contract!.test!.statistic, reference.chisq.statistic)).toBeLessThan(1e-9);
    expect(relative(contract!.test!.p, reference.chisq.p)).toBeLessThan(1e-9);
    expect(relative(contract!.cramersV!, reference.cramers_v)).toBeLessThan(1e-9);
    expect(contract?.groups.map((group) => group.label)).toEqual(['Month-to-month', 'Two year', 'One year']);

    const tenure = result.drivers.find((driver) => driver.name === 'tenure');
    expect(tenure?.test).toMatchObject({
      method: 'mann-whitney',
      statistic: golden.numeric.tenure!.wilcox.W,
    });
    expect(relative(tenure!.binnedChiSquare!.statistic, golden.numeric.tenure!.chisq.statistic)).toBeLessThan(
      1e-9,
    );
    const totalCharges = result.drivers.find((driver) => driver.name === 'TotalCharges');
    expect(totalCharges?.missing).toBe(11);
    // Ranks are 1..n, in order.
    expect(result.drivers.map((driver) => driver.rank)).toEqual(result.drivers.map((_, index) => index + 1));
    for (const driver of result.drivers) {
      for (const group of driver.groups) {
        expect(group.lower).toBeLessThanOrEqual(group.share);
        expect(group.upper).toBeGreaterThanOrEqual(group.share);
      }
    }
  });
});

describe('retention on the CDNOW log (pandas: tests/golden/retention/retention.py)', () => {
  const project = () => join(dir, 'cdnow.tenure');
  const counts = [
    'period',
    'start',
    'complete',
    'customersAtStart',
    'newCustomers',
    'reactivated',
    'churned',
    'joinedAndChurned',
    'customersAtEnd',
  ] as const;
  type Row = Record<(typeof counts)[number] | 'churnRate' | 'averageCustomersChurnRate', unknown>;
  const golden = JSON.parse(
    readFileSync(resolve('tests/golden/retention/cdnow-churn-over-time.json'), 'utf8'),
  ) as Record<string, Record<string, Record<string, Row[]>>>;
  const cohortsGolden = JSON.parse(
    readFileSync(resolve('tests/golden/retention/cdnow-cohorts.json'), 'utf8'),
  ) as Record<
    string,
    {
      cohorts: {
        key: string;
        size: number;
        cells: { k: number; active: number; activeOrLater: number; complete: boolean }[];
      }[];
      average: { k: number; share: number | null; shareOrLater: number | null }[];
    }
  >;

  beforeAll(async () => {
    await client.project.create({ path: project() });
    await client.import.run({
      project: project(),
      path: cdnowCsv,
      kind: 'transactions',
      mapping: { customer: 'customer_id', date: 'date', amount: 'amount', quantity: 'quantity' },
      duplicateRows: 'keep',
    });
    await client.churn.setDefinition({
      project: project(),
      setting: { definition: { kind: 'non-contractual', inactivityDays: 90 }, asOf: null },
    });
  });

  it('retention.churnOverTime matches every month and quarter of the golden, per convention', async () => {
    for (const convention of ['counted', 'excluded-from-churned', 'ignored'] as const) {
      for (const period of ['month', 'quarter'] as const) {
        const result = await client.retention.churnOverTime({
          project: project(),
          period,
          samePeriodChurn: convention,
        });
        expect(result).toMatchObject({ asOf: '1998-06-30', customers: 23_570, withoutStart: 0 });
        expect(result.definition).toMatchObject({ inactivityDays: 90 });
        const expected = golden['1998-06-30']![period]![convention]!;
        expect(result.periods.length).toBe(expected.length);
        result.periods.forEach((row, i) => {
          const reference = expected[i]!;
          for (const key of counts)
            expect([row.period, key, row[key]]).toEqual([row.period, key, reference[key]]);
          for (const key of ['churnRate', 'averageCustomersChurnRate'] as const) {
            const value = reference[key] as number | null;
            if (value === null) expect(row[key]).toBeNull();
            else expect(Math.abs((row[key] as number) - value)).toBeLessThan(1e-12);
          }
        });
      }
    }
    const monthly = await client.retention.churnOverTime({ project: project() });
    // Spot check by hand from the golden: April 1997, 9,988 at start, 677 churned.
    expect(monthly.periods.find((row) => row.period === '1997-04')).toMatchObject({
      customersAtStart: 9988,
      churned: 677,
    });
    // A customer churns after 90 days without an order, dated at the last order: churn from 1998-04-01
    // on (as-of − 90 days) cannot be seen yet, so the KPI header ends with March.
    expect(monthly.churnKnownUntil).toBe('1998-03-31');
    expect(monthly.periods.filter((row) => !row.churnObservable).map((row) => row.period)).toEqual([
      '1998-04',
      '1998-05',
      '1998-06',
    ]);
    expect(monthly.kpi.latest?.period).toBe('1998-03');
    expect(monthly.kpi.trailingPeriods).toBe(12);
  });

  it('retention.cohorts matches the golden matrix and average under both definitions', async () => {
    const reference = cohortsGolden['1998-06-30']!;
    for (const definition of ['active-in-period', 'active-in-period-or-later'] as const) {
      const result = await client.retention.cohorts({ project: project(), definition });
      expect(result).toMatchObject({ activity: 'transactions', asOf: '1998-06-30', definition });
      expect(result.cohorts.map((cohort) => [cohort.key, cohort.size])).toEqual(
        reference.cohorts.map((cohort) => [cohort.key, cohort.size]),
      );
      result.cohorts.forEach((cohort, i) => {
        expect(cohort.cells.map((cell) => [cell.k, cell.retained, cell.complete])).toEqual(
          reference.cohorts[i]!.cells.map((cell) => [
            cell.k,
            definition === 'active-in-period' ? cell.active : cell.activeOrLater,
            cell.complete,
          ]),
        );
      });
      result.average.forEach((point, k) => {
        const value =
          definition === 'active-in-period'
            ? reference.average[k]!.share
            : reference.average[k]!.shareOrLater;
        if (value === null) expect(point.share).toBeNull();
        else expect(Math.abs(point.share! - value)).toBeLessThan(1e-12);
      });
    }
  });

  it('without transactions only "or later" cohorts exist; without dates churn over time is NOT_AVAILABLE', async () => {
    const telco = join(dir, 'telco.tenure');
    const refused = await client.retention.churnOverTime({ project: telco }).catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'NOT_AVAILABLE' });
    const cohorts = await client.retention.cohorts({ project: telco }).catch((error: unknown) => error);
    expect(cohorts).toMatchObject({ code: 'NOT_AVAILABLE' });
  });
});

describe('tenure drivers, churn-rate and cohorts (the same projects, through the CLI)', () => {
  const cli = (argv: string[]) => runCli(argv, { environment, cwd: dir });

  it('print the responses as JSON', async () => {
    const drivers = await cli(['drivers', 'telco.tenure']);
    expect(drivers.code).toBe(0);
    const ranked = drivers.json<{ drivers: { name: string; rank: number }[]; baseRate: number }>();
    expect(ranked.drivers.find((driver) => driver.name === 'Contract')?.rank).toBeLessThanOrEqual(3);
    const churn = await cli([
      'churn-rate',
      'cdnow.tenure',
      '--period',
      'quarter',
      '--same-period',
      'ignored',
    ]);
    expect(churn.code).toBe(0);
    expect(churn.json()).toMatchObject({ period: 'quarter', samePeriodChurn: 'ignored', asOf: '1998-06-30' });
    const cohorts = await cli(['cohorts', 'cdnow.tenure', '--definition', 'active-in-period-or-later']);
    expect(cohorts.code).toBe(0);
    expect(cohorts.json()).toMatchObject({
      definition: 'active-in-period-or-later',
      activity: 'transactions',
    });
  });

  it('wrong flags are usage errors (exit 2); no dates is an application error (exit 1); help lists them', async () => {
    const wrong = await cli(['churn-rate', 'cdnow.tenure', '--period', 'year']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('--period takes month, week, quarter');
    expect((await cli(['cohorts', 'cdnow.tenure', '--definition', 'x'])).code).toBe(2);
    expect((await cli(['drivers', 'telco.tenure', '--max-groups', '1'])).code).toBe(2);
    const refused = await cli(['churn-rate', 'telco.tenure']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('need dates');
    const help = await cli(['--help']);
    for (const command of ['drivers', 'churn-rate', 'cohorts'])
      expect(help.stdout).toContain(`  ${command} PROJECT`);
    expect((await cli(['help', 'cohorts'])).stdout).toContain('active-in-period-or-later');
    expect((await cli(['help', 'churn-rate'])).stdout).toContain('--reactivation-window DAYS');
    expect((await cli(['drivers', 'telco.tenure', '--filter', 'Contract'])).stderr).toContain('COLUMN=VALUE');
    expect((await cli(['cohorts', 'cdnow.tenure', '--brackets', '3-1'])).code).toBe(2);
    expect((await cli(['churn-rate', 'cdnow.tenure', '--annual-plans', 'yearly'])).code).toBe(2);
    expect((await cli(['churn-rate', 'cdnow.tenure', '--reactivation-window', '0'])).code).toBe(2);
    expect((await cli(['cohorts', 'cdnow.tenure', '--by', 'no such column'])).code).toBe(2);
  });

  it('segments, reactivation windows, brackets and attribute cohorts from the command line', async () => {
    const drivers = await cli(['drivers', 'telco.tenure', '--filter', 'contract=Month-to-month']);
    expect(drivers.code).toBe(0);
    expect(drivers.json()).toMatchObject({ customers: 3875 });
    const churn = await cli([
      'churn-rate',
      'cdnow.tenure',
      '--reactivation-window',
      '30',
      '--filter',
      'orders=1',
    ]);
    expect(churn.code).toBe(0);
    const oneOrder = churn.json<{
      reactivationWindowDays: number;
      segmentCustomers: number;
      customers: number;
    }>();
    expect(oneOrder.reactivationWindowDays).toBe(30);
    expect(oneOrder.segmentCustomers).toBe(oneOrder.customers);
    expect(oneOrder.segmentCustomers).toBeLessThan(23_570);
    const cohorts = await cli(['cohorts', 'cdnow.tenure', '--by', 'orders', '--brackets', '1-1,2-3,4-6']);
    expect(cohorts.code).toBe(0);
    const result = cohorts.json<{
      definition: string;
      by: { key: string };
      cohorts: { key: string; cells: { k: number; kTo: number }[] }[];
    }>();
    expect(result).toMatchObject({ definition: 'active-in-bracket', by: { key: 'orders' } });
    expect(result.cohorts[0]!.cells.map((cell) => [cell.k, cell.kTo])).toEqual([
      [1, 1],
      [2, 3],
      [4, 6],
    ]);
    const revenue = await cli(['cohorts', 'cdnow.tenure', '--measure', 'revenue']);
    expect(revenue.code).toBe(1);
    expect(revenue.stderr).toContain('subscriptions');
  });
});
