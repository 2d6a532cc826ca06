import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportRequest } from '@shared/contract/import';
import { importDatasetTask } from '../../import/dataset-import';
import { ProjectConnections } from '../../jobs/project-connections';
import { createTaskContext, type TaskContext } from '../../jobs/task-context';
import { openProjectFile } from '../../store/database';
import { setChurnDefinitionTask } from './churn';
import { churnOverTimeTask, cohortsTask } from './retention';

// The hand-made subscriptions of tests/golden/retention/mrr-fixture.csv (see its README table), contractual
// churn with 30 days' grace, as-of 2024-06-30. Per customer: A, B, C continuous from January; D 02-01 →
// churned 04-20; E 01-15 → 02-10, back 05-05 (85 days later: churned and reactivated); F joins and
// churns in March; G from 06-10 on an annual plan of 1080 (90 a month).
const fixture = resolve('tests/golden/retention/mrr-fixture.csv');

let dir: string;
let ctx: TaskContext;
let connections: ProjectConnections;

async function subscriptionsProject(name: string, csv: string): Promise<string> {
  const project = join(dir, `${name}.tenure`);
  openProjectFile(project, { create: true }).close();
  const path = join(dir, `${name}.csv`);
  writeFileSync(path, csv);
  await importDatasetTask(
    ImportRequest.parse({
      project,
      path,
      kind: 'subscriptions',
      mapping: {
        customer: 'customer',
        plan: 'plan',
        start: 'start',
        end: 'end',
        mrr: 'mrr',
        interval: 'interval',
      },
    }),
    ctx,
  );
  setChurnDefinitionTask(
    { project, setting: { definition: { kind: 'contractual', graceDays: 30 }, asOf: '2024-06-30' } },
    ctx,
  );
  return project;
}

let project: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tenure-retention-subs-'));
  connections = new ProjectConnections();
  ctx = createTaskContext({ isCancelled: () => false, emit: () => undefined, projects: connections });
  project = await subscriptionsProject('all', readFileSync(fixture, 'utf8'));
});
afterAll(() => {
  connections.closeAll();
  rmSync(dir, { recursive: true, force: true });
});

const month = { period: 'month', samePeriodChurn: 'counted' } as const;

describe('churn over time from subscriptions', () => {
  it('a gap longer than the grace period is a churn and a reactivation (E), counted by hand', () => {
    const result = churnOverTimeTask({ project, ...month }, ctx);
    //   at start, new, reactivated, churned, joined and churned, at end
    expect(
      result.periods.map((p) => [
        p.period,
        p.customersAtStart,
        p.newCustomers,
        p.reactivated,
        p.churned,
        p.joinedAndChurned,
        p.customersAtEnd,
      ]),
    ).toEqual([
      ['2024-01', 0, 4, 0, 0, 0, 4],
      ['2024-02', 4, 1, 0, 1, 0, 4],
      ['2024-03', 4, 1, 0, 1, 1, 4],
      ['2024-04', 4, 0, 0, 1, 0, 3],
      ['2024-05', 3, 0, 1, 0, 0, 4],
      ['2024-06', 4, 1, 0, 0, 0, 5],
    ]);
    expect(result.basis).toMatch(/grace period/);
    // Daily sum: E leaves 02-10 (A, B, C, D, E active: 1/5), F 03-25 (A, B, C, D, F: 1/5), D 04-20 (1/4).
    expect(result.periods.map((p) => p.dailySumChurnRate)).toEqual([0, 1 / 5, 1 / 5, 1 / 4, 0, 0]);
    expect(result.segmentCustomers).toBe(7);
  });

  it('a reactivation window: E is back after 85 days, so within 60 days it is a new customer', () => {
    const result = churnOverTimeTask({ project, ...month, reactivationWindowDays: 60 }, ctx);
    expect(result.reactivationWindowDays).toBe(60);
    expect(result.periods[4]).toMatchObject({ newCustomers: 1, reactivated: 0 });
    expect(result.mrr?.periods[4]).toMatchObject({ newMrr: 60, reactivation: 0 });
    expect(result.mrr?.reactivationWindowDays).toBe(60);
  });

  it('MRR movements as the README table says, their KPI and the reconciliation rows', () => {
    const result = churnOverTimeTask({ project, ...month }, ctx);
    const mrr = result.mrr!;
    expect(
      mrr.periods.map((p) => [p.period, p.mrrAtStart, p.churned, p.contraction, p.reactivation]),
    ).toEqual([
      ['2024-01', 0, 0, 0, 0],
      ['2024-02', 440, 60, 0, 0],
      ['2024-03', 460, 0, 30, 0],
      ['2024-04', 480, 80, 80, 0],
      ['2024-05', 320, 0, 0, 60],
      ['2024-06', 380, 0, 0, 0],
    ]);
    expect(mrr).toMatchObject({
      currency: null,
      subscriptions: 11,
      annualSubscriptions: 1,
      annualPlans: 'normalised',
    });
    expect(mrr.kpi.grossRevenueChurn).toMatchObject({ latest: { period: '2024-06', value: 0 } });
    expect(mrr.kpi.netRevenueRetention.previous).toEqual({ period: '2024-05', value: 1 });

    const rows = new Map(result.reconciliation.map((row) => [row.id, row]));
    expect([...rows.keys()]).toEqual([
      'customer-churn-counted',
      'customer-churn-excluded-from-churned',
      'customer-churn-ignored',
      'customer-churn-average-customers',
      'customer-churn-daily-sum',
      'revenue-gross-churn',
      'revenue-net-churn',
      'revenue-churned-last-subscription',
      'revenue-churned-every-subscription',
      'revenue-gross-churn-annual-normalised',
      'revenue-gross-churn-annual-as-imported',
    ]);
    expect(result.reconciliation.filter((row) => row.current).map((row) => row.id)).toEqual([
      'customer-churn-counted',
      'revenue-gross-churn',
      'revenue-net-churn',
      'revenue-churned-last-subscription',
      'revenue-gross-churn-annual-normalised',
    ]);
    // F joins and churns in March: 1/4 counted, 0/4 excluded from churned, 0/4 ignored.
    expect(rows.get('customer-churn-counted')!.perPeriod).toEqual([null, 1 / 4, 1 / 4, 1 / 4, 0, 0]);
    expect(rows.get('customer-churn-excluded-from-churned')!.perPeriod).toEqual([
      null,
      1 / 4,
      0,
      1 / 4,
      0,
      0,
    ]);
    expect(rows.get('customer-churn-ignored')!.perPeriod).toEqual([null, 1 / 4, 0, 1 / 4, 0, 0]);
    // Every ended subscription: E's 60 in February; A's basic 100 and C's addon 30 in March; B's pro 200
    // and D's 80 in April (F's never showed at a boundary) — against 60, 0, 80 when only the last counts.
    expect(rows.get('revenue-churned-every-subscription')!.perPeriod).toEqual([
      null,
      60 / 440,
      130 / 460,
      280 / 480,
      0,
      0,
    ]);
    expect(rows.get('revenue-churned-last-subscription')!.perPeriod).toEqual([
      null,
      60 / 440,
      0,
      80 / 480,
      0,
      0,
    ]);
    expect(rows.get('revenue-gross-churn')!.kpi.trailingPeriods).toBe(5);
  });

  it('annual plans normalised or as imported, as pandas computes them (mrr-fixture-movements.json)', () => {
    const golden = JSON.parse(
      readFileSync(resolve('tests/golden/retention/mrr-fixture-movements.json'), 'utf8'),
    ) as Record<string, { periods: { period: string; newMrr: number; mrrAtEnd: number }[] }>;
    for (const annualPlans of ['normalised', 'as-imported'] as const) {
      const result = churnOverTimeTask({ project, ...month, annualPlans }, ctx);
      const expected = golden[annualPlans === 'normalised' ? 'default' : 'as-imported']!.periods;
      expect(result.mrr!.periods.map((p) => [p.period, p.newMrr, p.mrrAtEnd])).toEqual(
        expected.map((p) => [p.period, p.newMrr, p.mrrAtEnd]),
      );
      expect(result.mrr!.conventions.at(-1)).toMatch(
        annualPlans === 'normalised' ? /divided by 12/ : /as imported/,
      );
      const current = result.reconciliation.find((row) => row.id.includes('annual') && row.current);
      expect(current?.id).toBe(`revenue-gross-churn-annual-${annualPlans}`);
    }
  });

  it('a segment gives what a project of only that segment gives', async () => {
    // current_mrr > 100 on 2024-06-30: A (150) and B (120).
    const filters = [{ key: 'current_mrr', op: 'gt', value: 100 }] as const;
    const lines = readFileSync(fixture, 'utf8').trim().split('\n');
    const only = await subscriptionsProject(
      'ab',
      [lines[0], ...lines.slice(1).filter((line) => /^[AB],/.test(line))].join('\n'),
    );
    const filtered = churnOverTimeTask({ project, ...month, filters: [...filters] }, ctx);
    const alone = churnOverTimeTask({ project: only, ...month }, ctx);
    expect(filtered.segmentCustomers).toBe(2);
    expect(filtered.periods).toEqual(alone.periods);
    expect(filtered.mrr).toEqual(alone.mrr);
    expect(filtered.reconciliation).toEqual(alone.reconciliation);
    const cohorts = cohortsTask(
      { project, period: 'month', definition: 'active-in-period', filters: [...filters] },
      ctx,
    );
    expect(cohorts.cohorts).toEqual(
      cohortsTask({ project: only, period: 'month', definition: 'active-in-period' }, ctx).cohorts,
    );
    expect(() =>
      churnOverTimeTask({ project, ...month, filters: [{ key: 'nope', op: 'eq', value: 1 }] }, ctx),
    ).toThrow(/no customer column "nope"/);
    expect(() =>
      churnOverTimeTask({ project, ...month, filters: [{ key: 'current_mrr', op: 'gt', value: 1e9 }] }, ctx),
    ).toThrow(/No customer of this segment/);
  });
});

describe('cohorts from subscriptions', () => {
  it('activity = the periods a subscription covers part of', () => {
    const result = cohortsTask({ project, period: 'month', definition: 'active-in-period' }, ctx);
    expect(result.activity).toBe('subscriptions');
    expect(result.cohorts.map((c) => [c.key, c.size, c.cells.map((cell) => cell.retained)])).toEqual([
      ['2024-01', 4, [4, 4, 3, 3, 4, 4]],
      ['2024-02', 1, [1, 1, 1, 0, 0]],
      ['2024-03', 1, [1, 0, 0, 0]],
      ['2024-06', 1, [1]],
    ]);
    expect(result.cohorts[0]!.cells.every((cell) => cell.kTo === cell.k)).toBe(true);
  });

  it('the bracket view', () => {
    const result = cohortsTask(
      {
        project,
        period: 'month',
        definition: 'active-in-bracket',
        brackets: [
          [1, 1],
          [2, 3],
        ],
      },
      ctx,
    );
    expect(result.cohorts[0]!.cells.map((cell) => [cell.k, cell.kTo, cell.retained])).toEqual([
      [1, 1, 4],
      [2, 3, 3],
    ]);
    // January, February and March have completed both brackets (March's [2, 3] ends in June); June neither.
    expect(result.average.map((p) => [p.k, p.kTo, p.cohorts, p.customers])).toEqual([
      [1, 1, 3, 6],
      [2, 3, 3, 6],
    ]);
    expect(() =>
      cohortsTask(
        {
          project,
          period: 'month',
          definition: 'active-in-bracket',
          brackets: [
            [2, 3],
            [3, 4],
          ],
        },
        ctx,
      ),
    ).toThrow(/do not overlap/);
  });

  it('by an attribute, k counted from each customer’s own start', () => {
    const result = cohortsTask(
      { project, period: 'month', definition: 'active-in-period', by: 'current_mrr' },
      ctx,
    );
    expect(result.by).toMatchObject({ key: 'current_mrr', grouping: 'one curve per value' });
    const zero = result.cohorts.find((c) => c.key === '0')!;
    // D (from February) and F (March, one month): both active at k = 0, only D at k = 1 and 2.
    expect([zero.size, zero.cells.map((cell) => cell.retained)]).toEqual([2, [2, 1, 1, 0, 0]]);
    expect(zero.cells.map((cell) => cell.complete)).toEqual([true, true, true, true, false]);
  });

  it('revenue retention: the cohort MRR over its MRR at k = 0', () => {
    const result = cohortsTask(
      { project, period: 'month', definition: 'active-in-period', measure: 'revenue' },
      ctx,
    );
    const january = result.cohorts[0]!;
    // A 100 + B 200 + C 80 + E 60 at the end of January; at the end of February E has gone.
    expect([january.key, january.size, january.startingMrr]).toEqual(['2024-01', 4, 440]);
    expect(january.cells.slice(0, 2).map((cell) => [cell.retained, cell.share])).toEqual([
      [440, 1],
      [380, 380 / 440],
    ]);
    expect(() =>
      cohortsTask({ project, period: 'month', definition: 'active-in-bracket', measure: 'revenue' }, ctx),
    ).toThrow(/Revenue retention/);
  });
});
