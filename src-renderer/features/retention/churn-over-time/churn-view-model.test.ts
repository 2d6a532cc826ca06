import { describe, expect, it } from 'vitest';
import { ChurnOverTimeResponse } from '@shared/contract/retention';
import { alignedAxes, customerChartOption, mrrChartOption } from './churn-options';
import {
  customerCsv,
  formatPoints,
  incompleteNote,
  unseenChurnNote,
  kpiCards,
  mrrCsv,
  periodRows,
  reconciliationTables,
  sparkPaths,
} from './churn-view-model';

const kpi = (latest: number | null, previous: number | null, average: number | null, periods = 2) => ({
  latest: latest === null ? null : { period: '2024-02', value: latest },
  previous: previous === null ? null : { period: '2024-01', value: previous },
  change: latest !== null && previous !== null ? latest - previous : null,
  trailing12Average: average,
  trailingPeriods: periods,
});

const period = (
  name: string,
  atStart: number,
  added: number,
  churned: number,
  complete = true,
  churnObservable = true,
): ChurnOverTimeResponse['periods'][number] => ({
  period: name,
  start: `${name}-01`,
  complete,
  customersAtStart: atStart,
  newCustomers: added,
  reactivated: 0,
  churned,
  joinedAndChurned: 0,
  customersAtEnd: atStart + added - churned,
  churnRate: atStart > 0 ? churned / atStart : null,
  averageCustomersChurnRate: null,
  retentionRate: atStart > 0 ? 1 - churned / atStart : null,
  dailySumChurnRate: null,
  churnObservable,
});

// Three months by hand: 100 join in January; 10 of 100 leave in February (10%), 5 of 110 in March (as of 15 March).
const base = ChurnOverTimeResponse.parse({
  period: 'month',
  samePeriodChurn: 'counted',
  periods: [
    period('2024-01', 0, 100, 0),
    period('2024-02', 100, 20, 10),
    period('2024-03', 110, 3, 5, false),
  ],
  kpi: { ...kpi(0.1, null, 0.1, 1), previous: null, change: null },
  customers: 123,
  withoutStart: 0,
  basis: 'each customer from the first activity to the churn date',
  churnKnownUntil: null,
  reactivationWindowDays: null,
  mrr: null,
  reconciliation: [
    {
      id: 'customer-churn-counted',
      measure: 'customer-churn',
      label: 'Churn rate, counted',
      description: 'Churned over customers at start.',
      current: true,
      perPeriod: [null, 0.1, 5 / 110],
      kpi: { ...kpi(0.1, null, 0.1, 1), previous: null, change: null },
    },
    {
      id: 'customer-churn-daily-sum',
      measure: 'customer-churn',
      label: 'Daily churn rates added up',
      description: 'Σ(1 − end/start).',
      current: false,
      perPeriod: [null, 0.105, 0.05],
      kpi: { ...kpi(0.105, null, 0.105, 1), previous: null, change: null },
    },
  ],
  segmentCustomers: 123,
  definition: {
    definition: { kind: 'non-contractual', inactivityDays: null },
    graceDays: null,
    inactivityDays: 90,
    asOf: '2024-03-15',
    asOfSource: 'data',
    summary: 'Churned = no order for 90 days before 2024-03-15.',
    explanation: '',
  },
  asOf: '2024-03-15',
});

const mrrPeriod = (name: string, atStart: number, added: number, lost: number, expansion = 0) => ({
  period: name,
  start: `${name}-01`,
  complete: true,
  mrrAtStart: atStart,
  newMrr: added,
  expansion,
  contraction: 0,
  churned: lost,
  reactivation: 0,
  mrrAtEnd: atStart + added + expansion - lost,
  joinedAndChurnedWithinPeriod: 0,
  grossRevenueChurn: atStart > 0 ? lost / atStart : null,
  netRevenueChurn: atStart > 0 ? (lost - expansion) / atStart : null,
  grossRevenueRetention: atStart > 0 ? 1 - lost / atStart : null,
  netRevenueRetention: atStart > 0 ? 1 - (lost - expansion) / atStart : null,
});

const withMrr = ChurnOverTimeResponse.parse({
  ...base,
  kpi: kpi(0.1, 0.08, 0.09),
  mrr: {
    periods: [mrrPeriod('2024-02', 1000, 200, 50, 30), mrrPeriod('2024-03', 1180, 0, 118)],
    currency: 'EUR',
    kpi: { grossRevenueChurn: kpi(0.1, 0.05, 0.075), netRevenueRetention: kpi(0.9, 0.98, 0.94) },
    subscriptions: 40,
    annualSubscriptions: 0,
    annualPlans: 'normalised',
    reactivationWindowDays: null,
    conventions: ['MRR churns only when the last subscription ends.'],
  },
  reconciliation: [
    ...base.reconciliation,
    {
      id: 'revenue-gross-churn',
      measure: 'revenue-churn',
      label: 'Gross revenue churn',
      description: 'Lost over MRR at start.',
      current: true,
      perPeriod: [0.05, 0.1],
      kpi: kpi(0.1, 0.05, 0.075),
    },
  ],
});

describe('KPI header', () => {
  it('shows the latest complete churn rate, the trailing average and the customers at the end', () => {
    const cards = kpiCards(base);
    expect(cards.map((c) => [c.id, c.label, c.value])).toEqual([
      ['churn-rate', 'Churn rate, 2024-02', '10.0%'],
      ['trailing-average', 'Average churn rate, last 1 months', '10.0%'],
      ['customers-at-end', 'Customers at end', '108'],
    ]);
    expect(cards[0]!.change).toBeNull();
    expect(cards[2]!.note).toContain('as of 2024-03-15');
  });

  it('says a rise in churn is bad news and a fall in NRR too, in percentage points', () => {
    const cards = kpiCards(withMrr);
    const byId = new Map(cards.map((c) => [c.id, c]));
    expect(byId.get('churn-rate')!.change).toEqual({
      trend: 'up',
      text: '▲ +2.0 pp vs 2024-01',
      tone: 'bad',
    });
    expect(byId.get('gross-revenue-churn')!.value).toBe('10.0%');
    expect(byId.get('gross-revenue-churn')!.change!.tone).toBe('bad');
    expect(byId.get('net-revenue-retention')!.value).toBe('90.0%');
    expect(byId.get('net-revenue-retention')!.change).toEqual({
      trend: 'down',
      text: '▼ −8.0 pp vs 2024-01',
      tone: 'bad',
    });
    expect(byId.get('mrr-at-end')!.value).toMatch(/1,062/);
  });

  it('writes percentage points with a sign', () => {
    expect(formatPoints(0.0123)).toBe('+1.2 pp');
    expect(formatPoints(-0.004)).toBe('−0.4 pp');
    expect(formatPoints(0.0001)).toBe('±0.0 pp');
  });
});

describe('period table and CSV', () => {
  it('lists periods latest first, with the MRR of the same period beside them', () => {
    const rows = periodRows(withMrr);
    expect(rows.map((r) => [r.period.period, r.mrr?.mrrAtEnd ?? null])).toEqual([
      ['2024-03', 1062],
      ['2024-02', 1180],
      ['2024-01', null],
    ]);
  });

  it('exports every period column, oldest first', () => {
    const csv = customerCsv(base);
    expect(csv.columns).toContain('daily_sum_churn_rate');
    expect(csv.rows[1]).toEqual([
      '2024-02',
      '2024-02-01',
      'yes',
      100,
      20,
      0,
      10,
      0,
      110,
      0.1,
      null,
      0.9,
      null,
    ]);
    expect(csv.rows[2]![2]).toBe('no');
    const money = mrrCsv(withMrr);
    expect(money.rows[0]!.slice(0, 11)).toEqual([
      '2024-02',
      '2024-02-01',
      'yes',
      'EUR',
      1000,
      200,
      30,
      0,
      50,
      0,
      1180,
    ]);
  });

  it('explains the incomplete last period', () => {
    expect(incompleteNote(base)).toContain('2024-03 is not over at the as-of date (2024-03-15)');
    expect(incompleteNote({ ...base, periods: base.periods.slice(0, 2) })).toBeNull();
  });
});

describe('reconciliation table', () => {
  it('groups rows by measure, each aligned with its own periods', () => {
    const tables = reconciliationTables(withMrr, 2);
    expect(tables.map((t) => t.measure)).toEqual(['customer-churn', 'revenue-churn']);
    const customers = tables[0]!;
    expect(customers.recent.map((p) => p.period)).toEqual(['2024-02', '2024-03']);
    expect(customers.rows[0]!.recent).toEqual(['10.0%', '4.5%']);
    expect(customers.rows[0]!.row.current).toBe(true);
    expect(customers.rows[1]!.latest).toBe('10.5%');
    // The sparkline takes complete periods only.
    expect(customers.rows[1]!.spark).toEqual([null, 0.105]);
    const revenue = tables[1]!;
    expect(revenue.recent.map((p) => p.period)).toEqual(['2024-02', '2024-03']);
    expect(revenue.rows[0]!.change).toBe('+5.0 pp');
  });

  it('draws sparklines with gaps for missing values', () => {
    expect(sparkPaths([null, 0.1, 0.2], 20, 10)).toEqual(['10.0,5.0 20.0,1.0']);
    expect(sparkPaths([0.1, null, 0.1], 20, 10)).toHaveLength(2);
    expect(sparkPaths([null], 20, 10)).toEqual([]);
  });
});

describe('chart options', () => {
  it('draws churned customers below zero and hatches the incomplete period', () => {
    const option = customerChartOption(base, 'caption') as { series: { name: string; data: unknown[] }[] };
    const churned = option.series.find((s) => s.name === 'Churned')!;
    expect(churned.data[1]).toBe(-10);
    expect(churned.data[2]).toMatchObject({ value: -5, itemStyle: { opacity: 0.5 } });
    const [solid, dashed] = option.series.filter((s) => s.name === 'Churn rate');
    expect(solid!.data).toEqual([null, 10, null]);
    expect(dashed!.data).toEqual([null, 10, 4.55]);
  });

  it('stacks MRR gains up and losses down', () => {
    const option = mrrChartOption(withMrr, 'caption') as { series: { name: string; data: unknown[] }[] };
    expect(option.series.find((s) => s.name === 'Expansion')!.data).toEqual([30, 0]);
    expect(option.series.find((s) => s.name === 'Churned')!.data).toEqual([-50, -118]);
  });
});

describe('axes and notes', () => {
  it('aligns the zero lines of the MRR and rate axes', () => {
    const axes = alignedAxes({ min: -1100, max: 3000 }, { min: -4.2, max: 9.5 });
    expect(axes.left).toEqual({ min: -2000, max: 4000, interval: 1000 });
    expect(axes.right).toEqual({ min: -5, max: 10, interval: 2.5 });
    expect((axes.left.max - axes.left.min) / axes.left.interval).toBe(
      (axes.right.max - axes.right.min) / axes.right.interval,
    );
  });

  it('warns when recent churn cannot be seen yet, from the periods the service flags', () => {
    expect(unseenChurnNote(base)).toBeNull();
    // As of 2024-03-15 with 30 days without an order: churn after 2024-02-14 may still turn up.
    const unseen = {
      ...base,
      churnKnownUntil: '2024-02-14',
      periods: base.periods.map((p, i) => ({ ...p, churnObservable: i === 0 })),
      definition: { ...base.definition, inactivityDays: 30 },
    };
    const note = unseenChurnNote(unseen)!;
    expect(note).toContain('after 30 days without an order');
    expect(note).toContain('churn after 2024-02-14 may still turn up');
    expect(note).toContain('from 2024-02 on');
    const contractual = {
      ...unseen,
      definition: {
        ...unseen.definition,
        definition: { kind: 'contractual' as const, graceDays: 30 },
        graceDays: 30,
      },
    };
    expect(unseenChurnNote(contractual)).toContain('30 days after their last subscription ends');
  });
});
