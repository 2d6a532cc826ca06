import { describe, expect, it } from 'vitest';
import { mrrMovements } from './mrr-movements';

// Hand-checked edge cases; the full monthly walk-through is tests/golden/retention (README table).
describe('MRR movements', () => {
  it('a plan switch at equal MRR within one month moves nothing; the last subscription ending is churn', () => {
    const rows = mrrMovements(
      [
        { customer: 'a', start: '2024-01-01', end: '2024-02-10', mrr: 50 },
        { customer: 'a', start: '2024-02-10', end: '2024-03-20', mrr: 50 },
      ],
      { asOf: '2024-03-31' },
    );
    expect(
      rows.map((r) => [r.period, r.mrrAtStart, r.newMrr, r.expansion, r.contraction, r.churned]),
    ).toEqual([
      ['2024-01', 0, 50, 0, 0, 0],
      ['2024-02', 50, 0, 0, 0, 0],
      ['2024-03', 50, 0, 0, 0, 50],
    ]);
  });

  it('a customer whose only earlier subscription came and went within a month returns as a reactivation', () => {
    const rows = mrrMovements(
      [
        { customer: 'a', start: '2024-01-05', end: '2024-01-25', mrr: 20 },
        { customer: 'a', start: '2024-03-01', end: null, mrr: 30 },
      ],
      { asOf: '2024-03-31' },
    );
    expect(rows.map((r) => [r.newMrr, r.reactivation, r.joinedAndChurnedWithinPeriod])).toEqual([
      [0, 0, 1],
      [0, 0, 0],
      [0, 30, 0],
    ]);
  });

  it('a reactivation window: MRR back more than N days after the last end is new MRR', () => {
    const subscriptions = [
      { customer: 'a', start: '2024-01-05', end: '2024-02-10', mrr: 20 },
      { customer: 'a', start: '2024-03-11', end: null, mrr: 30 }, // 30 days after the end
    ];
    const march = (reactivationWindowDays: number | null) => {
      const row = mrrMovements(subscriptions, { asOf: '2024-03-31', reactivationWindowDays })[2]!;
      return [row.newMrr, row.reactivation];
    };
    expect(march(null)).toEqual([0, 30]);
    expect(march(30)).toEqual([0, 30]);
    expect(march(29)).toEqual([30, 0]);
    expect(() => mrrMovements([{ ...subscriptions[0]!, mrr: Number.NaN }], { asOf: '2024-03-31' })).toThrow(
      RangeError,
    );
  });

  it('quarterly periods, and subscriptions starting after as-of are unknown', () => {
    const rows = mrrMovements(
      [
        { customer: 'a', start: '2024-01-15', end: null, mrr: 10 },
        { customer: 'b', start: '2024-02-15', end: '2024-05-01', mrr: 5 },
        { customer: 'c', start: '2024-07-01', end: null, mrr: 99 },
      ],
      { asOf: '2024-06-30', period: 'quarter' },
    );
    expect(rows.map((r) => [r.period, r.mrrAtStart, r.newMrr, r.churned, r.mrrAtEnd, r.complete])).toEqual([
      ['2024-Q1', 0, 15, 0, 15, true],
      ['2024-Q2', 15, 0, 5, 10, true],
    ]);
    expect(rows[1]!.grossRevenueChurn).toBe(5 / 15);
  });
});
