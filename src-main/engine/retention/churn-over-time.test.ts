import { describe, expect, it } from 'vitest';
import { churnKpi, churnOverTime, type CustomerLifetime } from './churn-over-time';

// A hand-checked example, as-of 2024-04-15 (April incomplete):
//   a: 01-10 → churned 03-05           b: 01-20 → active
//   c: 02-02 → churned 02-20 (joins and churns in February)
//   d: active 01-05 → 02-10, back 03-15 → active (a reactivation)
//   e: 02-14 → churned 2024-05-01, after as-of: still active
const customers: CustomerLifetime[] = [
  { start: '2024-01-10', churn: '2024-03-05' },
  { start: '2024-01-20', churn: null },
  { start: '2024-02-02', churn: '2024-02-20' },
  {
    start: '2024-01-05',
    churn: null,
    activeSpans: [
      { start: '2024-01-05', end: '2024-02-10' },
      { start: '2024-03-15', end: null },
    ],
  },
  { start: '2024-02-14', churn: '2024-05-01' },
];

describe('churn over time', () => {
  it('counts per month with same-period churners counted (the default)', () => {
    const result = churnOverTime(customers, { period: 'month', asOf: '2024-04-15' });
    //              at start, new, reactivated, churned, joined-and-churned, at end, complete
    expect(
      result.periods.map((p) => [
        p.period,
        p.customersAtStart,
        p.newCustomers,
        p.reactivated,
        p.churned,
        p.joinedAndChurned,
        p.customersAtEnd,
        p.complete,
      ]),
    ).toEqual([
      ['2024-01', 0, 3, 0, 0, 0, 3, true],
      ['2024-02', 3, 2, 0, 2, 1, 3, true],
      ['2024-03', 3, 0, 1, 1, 0, 3, true],
      ['2024-04', 3, 0, 0, 0, 0, 3, false],
    ]);
    const february = result.periods[1]!;
    expect(february.churnRate).toBe(2 / 3);
    expect(february.averageCustomersChurnRate).toBe(2 / 3);
    expect(february.retentionRate).toBe(1 - 2 / 3);
    expect(result.periods[0]!.churnRate).toBeNull();
    expect(result.periods[0]!.averageCustomersChurnRate).toBe(0);
  });

  it('the three same-period conventions', () => {
    const february = (samePeriodChurn: 'counted' | 'excluded-from-churned' | 'ignored') => {
      const p = churnOverTime(customers, { period: 'month', asOf: '2024-04-15', samePeriodChurn })
        .periods[1]!;
      return [p.customersAtStart, p.newCustomers, p.churned, p.joinedAndChurned, p.customersAtEnd];
    };
    expect(february('counted')).toEqual([3, 2, 2, 1, 3]);
    expect(february('excluded-from-churned')).toEqual([3, 2, 1, 1, 3]);
    expect(february('ignored')).toEqual([3, 1, 1, 1, 3]);
  });

  it('quarters; touching spans merge; as-of on the last day completes the period', () => {
    const result = churnOverTime(
      [
        {
          start: '2024-01-01',
          churn: null,
          activeSpans: [
            { start: '2024-01-01', end: '2024-02-01' },
            { start: '2024-02-01', end: '2024-03-31' },
          ],
        },
        { start: '2024-02-01', churn: null },
      ],
      { period: 'quarter', asOf: '2024-03-31' },
    );
    expect(result.periods).toHaveLength(1);
    expect(result.periods[0]).toMatchObject({
      period: '2024-Q1',
      start: '2024-01-01',
      complete: true,
      newCustomers: 2,
      reactivated: 0,
      churned: 1,
      joinedAndChurned: 1,
      customersAtEnd: 1,
    });
  });

  it('a reactivation window: a later return counts as a new customer', () => {
    // d churned 02-10 and returned 03-15: 34 days.
    const march = (reactivationWindowDays: number | null) =>
      churnOverTime(customers, { period: 'month', asOf: '2024-04-15', reactivationWindowDays }).periods[2]!;
    expect([march(null).newCustomers, march(null).reactivated]).toEqual([0, 1]);
    expect([march(34).newCustomers, march(34).reactivated]).toEqual([0, 1]);
    expect([march(33).newCustomers, march(33).reactivated]).toEqual([1, 0]);
    expect(march(33).customersAtEnd).toBe(march(null).customersAtEnd);
  });

  it('the daily-sum variant Σ(1 − end/start), counted by hand', () => {
    // Active at the start of day D: start < D ≤ end. February: d churns 02-10 (a, b, c, d active: 1/4),
    // c churns 02-20 (a, b, c, e: 1/4). March: a churns 03-05 (a, b, e: 1/3). January and April: none.
    const rates = (samePeriodChurn: 'counted' | 'excluded-from-churned' | 'ignored') =>
      churnOverTime(customers, { period: 'month', asOf: '2024-04-15', samePeriodChurn }).periods.map(
        (p) => p.dailySumChurnRate,
      );
    expect(rates('counted')).toEqual([0, 1 / 4 + 1 / 4, 1 / 3, 0]);
    // c joins and churns in February: its churn is not counted (it is still active on 02-10) …
    expect(rates('excluded-from-churned')).toEqual([0, 1 / 4, 1 / 3, 0]);
    // … or it does not exist at all: on 02-10 only a, b and d are active.
    expect(rates('ignored')).toEqual([0, 1 / 3, 1 / 3, 0]);
    // Nobody is active at the start of any day of January when the only customer starts on 01-31.
    const late = churnOverTime([{ start: '2024-01-31', churn: '2024-02-02' }], {
      period: 'month',
      asOf: '2024-02-29',
    });
    expect(late.periods.map((p) => p.dailySumChurnRate)).toEqual([null, 1]);
  });

  it('KPI header: latest complete period vs previous and the trailing-12 average', () => {
    const { periods } = churnOverTime(customers, { period: 'month', asOf: '2024-04-15' });
    const kpi = churnKpi(periods, 'churnRate');
    expect(kpi.latest).toEqual({ period: '2024-03', value: 1 / 3 });
    expect(kpi.previous).toEqual({ period: '2024-02', value: 2 / 3 });
    expect(kpi.change).toBe(1 / 3 - 2 / 3);
    expect(kpi.trailingPeriods).toBe(2); // January has no customers at start, April is incomplete
    expect(kpi.trailing12Average).toBe((2 / 3 + 1 / 3) / 2);
    expect(churnKpi<(typeof periods)[number]>([], 'churnRate').latest).toBeNull();
  });
});
