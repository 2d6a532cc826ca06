import { describe, expect, it } from 'vitest';
import { groupSummaries, repeatPurchasesByPeriod, summarizeTransactions, unitDays } from './summary';

// A hand-checkable log (days since the epoch; calibration ends on day 100, hold-out on day 150).
//   A: day 10 (5 + 7 = 12, two rows merged), day 24 (3), day 31 (10), day 120 (4), day 120 (1), day 200
//      (after the hold-out: ignored).
//   B: day 100 only (first purchase on the last calibration day).
//   C: day 101 and day 130: first purchase after calibration → excluded.
//   D: day 17 only; D: day 140 (one hold-out repeat).
const log = {
  customer: ['A', 'A', 'B', 'C', 'A', 'A', 'D', 'A', 'A', 'C', 'A', 'D'],
  day: Int32Array.from([10, 24, 100, 101, 31, 10, 17, 120, 120, 130, 200, 140]),
  amount: Float64Array.from([5, 3, 8, 2, 10, 7, 6, 4, 1, 9, 99, 11]),
};

describe('summarizeTransactions', () => {
  const summary = summarizeTransactions(log, { calibrationEnd: 100, holdoutEnd: 150, unit: 'week' });
  const byName = new Map(summary.customers.map((c) => [c.customer, c]));

  it('merges same-day rows into one purchase and splits calibration from hold-out', () => {
    expect(summary.customers.map((c) => c.customer)).toEqual(['A', 'B', 'D']);
    expect(byName.get('A')).toEqual({
      customer: 'A',
      firstDay: 10,
      x: 2,
      tx: 21 / 7,
      T: 90 / 7,
      zbar: (3 + 10) / 2,
      calibrationSpend: 12 + 3 + 10,
      holdoutX: 1,
      holdoutSpend: 5,
    });
    // A's two rows on day 10 and two on day 120: two merges (day 200 is past the hold-out).
    expect(summary.mergedSameDayRows).toBe(2);
  });

  it('gives a customer who bought once x = 0, t_x = 0, zbar = 0', () => {
    expect(byName.get('B')).toMatchObject({ x: 0, tx: 0, T: 0, zbar: 0, calibrationSpend: 8, holdoutX: 0 });
    expect(byName.get('D')).toMatchObject({ x: 0, tx: 0, T: 83 / 7, holdoutX: 1, holdoutSpend: 11 });
  });

  it('leaves out and counts customers who first bought after calibration', () => {
    expect(summary.excludedLateCustomers).toBe(1);
    expect(summary.holdoutLength).toBeCloseTo(50 / 7, 12);
  });

  it('defaults the hold-out end to the last day in the log', () => {
    const all = summarizeTransactions(log, { calibrationEnd: 100, unit: 'day' });
    expect(all.holdoutEnd).toBe(200);
    expect(all.customers.find((c) => c.customer === 'A')).toMatchObject({ holdoutX: 2, holdoutSpend: 104 });
    expect(all.customers.find((c) => c.customer === 'A')!.T).toBe(90);
  });

  it('uses a month of 365.25/12 days', () => {
    expect(unitDays.month).toBe(30.4375);
    const monthly = summarizeTransactions(log, { calibrationEnd: 100, holdoutEnd: 150, unit: 'month' });
    expect(monthly.customers[0]!.T).toBeCloseTo(90 / 30.4375, 12);
  });

  it('rejects a hold-out that ends before calibration, and columns of different lengths', () => {
    expect(() => summarizeTransactions(log, { calibrationEnd: 100, holdoutEnd: 99, unit: 'day' })).toThrow(
      /before the calibration end/,
    );
    expect(() =>
      summarizeTransactions({ ...log, amount: new Float64Array(3) }, { calibrationEnd: 100, unit: 'day' }),
    ).toThrow(/differ in length/);
  });
});

describe('repeatPurchasesByPeriod', () => {
  it('counts the cohort’s repeat purchase days per period since the start', () => {
    const { repeatsByPeriod, firstPeriods } = repeatPurchasesByPeriod(log, {
      start: 10,
      end: 150,
      unit: 'week',
      cohortEnd: 100,
    });
    // 141 days → 21 weeks (the last one partial). A: days 24 (week 3), 31 (week 4), 120 (week 16);
    // D: day 140 (week 19).
    expect(repeatsByPeriod).toHaveLength(21);
    const expected = new Array<number>(21).fill(0);
    expected[2] = 1;
    expected[3] = 1;
    expected[15] = 1;
    expected[18] = 1;
    expect(repeatsByPeriod).toEqual(expected);
    expect(firstPeriods).toEqual([0, 90 / 7, 1]);
  });
});

describe('groupSummaries', () => {
  it('collapses identical triples (tx ignored when x = 0) and keeps the total weight', () => {
    const grouped = groupSummaries([
      { x: 1, tx: 2, T: 5 },
      { x: 0, tx: 0, T: 5 },
      { x: 1, tx: 2, T: 5 },
      { x: 0, tx: 3, T: 5 },
      { x: 1, tx: 3, T: 5 },
    ]);
    expect(Array.from(grouped.x)).toEqual([1, 0, 1]);
    expect(Array.from(grouped.tx)).toEqual([2, 0, 3]);
    expect(Array.from(grouped.weight)).toEqual([2, 2, 1]);
  });
});
