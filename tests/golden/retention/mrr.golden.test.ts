import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  churnedMrrPerSubscription,
  mrrMovements,
  type Subscription,
} from '../../../src-main/engine/retention/mrr-movements';

// Reference: the hand-made fixture and the table in tests/golden/retention/README.md (read off by eye).
// G's annual plan (1080 a year) is 90 a month normalised, 1080 as imported.
function fixture(annualPlans: 'normalised' | 'as-imported' = 'normalised'): Subscription[] {
  const lines = readFileSync(resolve('tests/golden/retention/mrr-fixture.csv'), 'utf8').trim().split('\n');
  return lines.slice(1).map((line) => {
    const [customer, , start, end, mrr, interval] = line.split(',') as [
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    const months = annualPlans === 'normalised' && interval === 'year' ? 12 : 1;
    return { customer, start, end: end === '' ? null : end, mrr: Number(mrr) / months };
  });
}

//  month, at start, new, expansion, contraction, churned, reactivation, at end, within-month subscriptions
const table: [string, number, number, number, number, number, number, number, number][] = [
  ['2024-01', 0, 440, 0, 0, 0, 0, 440, 0],
  ['2024-02', 440, 80, 0, 0, 60, 0, 460, 0],
  ['2024-03', 460, 0, 50, 30, 0, 0, 480, 1],
  ['2024-04', 480, 0, 0, 80, 80, 0, 320, 0],
  ['2024-05', 320, 0, 0, 0, 0, 60, 380, 0],
  ['2024-06', 380, 90, 0, 0, 0, 0, 470, 0],
];
// gross revenue churn, net revenue churn, GRR, NRR
const rates: [number | null, number | null, number | null, number | null][] = [
  [null, null, null, null],
  [60 / 440, 60 / 440, 380 / 440, 380 / 440],
  [30 / 460, -20 / 460, 430 / 460, 480 / 460],
  [160 / 480, 160 / 480, 320 / 480, 320 / 480],
  [0, 0, 1, 1],
  [0, 0, 1, 1],
];

describe('MRR movements on the hand-made fixture', () => {
  const rows = mrrMovements(fixture(), { asOf: '2024-06-30' });

  it('moves MRR as the README table says', () => {
    expect(
      rows.map((r) => [
        r.period,
        r.mrrAtStart,
        r.newMrr,
        r.expansion,
        r.contraction,
        r.churned,
        r.reactivation,
        r.mrrAtEnd,
        r.joinedAndChurnedWithinPeriod,
      ]),
    ).toEqual(table);
    expect(rows.every((r) => r.complete)).toBe(true);
  });

  it('gross and net revenue churn, GRR and NRR', () => {
    rows.forEach((row, i) => {
      const actual = [
        row.grossRevenueChurn,
        row.netRevenueChurn,
        row.grossRevenueRetention,
        row.netRevenueRetention,
      ];
      actual.forEach((value, j) => {
        const expected = rates[i]![j]!;
        if (expected == null) expect(value).toBeNull();
        else expect(Math.abs((value as number) - expected)).toBeLessThanOrEqual(1e-12);
      });
    });
  });

  it('every month balances: start + new + expansion − contraction − churned + reactivation = end', () => {
    for (const r of rows) {
      expect(r.mrrAtStart + r.newMrr + r.expansion - r.contraction - r.churned + r.reactivation).toBe(
        r.mrrAtEnd,
      );
    }
  });

  it('marks the month of an as-of before its last day incomplete, and ignores what happens after as-of', () => {
    const early = mrrMovements(fixture(), { asOf: '2024-04-10' });
    expect(early.map((r) => r.period)).toEqual(['2024-01', '2024-02', '2024-03', '2024-04']);
    const april = early[3]!;
    expect(april.complete).toBe(false);
    // D's churn on 04-20 is not known on 04-10; B's downgrade on 04-01 is.
    expect([april.mrrAtStart, april.contraction, april.churned, april.mrrAtEnd]).toEqual([480, 80, 0, 400]);
  });
});

// Reference: retention.py's own MRR rules (pandas, customer by customer) on the same fixture per option.
interface GoldenMrr {
  periods: (Record<string, number | null> & { period: string })[];
  churnedEverySubscription: number[];
}
const optionsGolden = JSON.parse(
  readFileSync(resolve('tests/golden/retention/mrr-fixture-movements.json'), 'utf8'),
) as Record<string, GoldenMrr>;

describe.each([
  ['default', { asOf: '2024-06-30' }, 'normalised'],
  ['window-60', { asOf: '2024-06-30', reactivationWindowDays: 60 }, 'normalised'],
  ['window-120', { asOf: '2024-06-30', reactivationWindowDays: 120 }, 'normalised'],
  ['as-imported', { asOf: '2024-06-30' }, 'as-imported'],
  ['as-of-2024-06-20', { asOf: '2024-06-20' }, 'normalised'],
] as const)('MRR movements with option %s against pandas', (name, options, annualPlans) => {
  it('every movement, the revenue churn rates and churned MRR per ended subscription', () => {
    const expected = optionsGolden[name]!;
    const rows = mrrMovements(fixture(annualPlans), options);
    const keys = ['mrrAtStart', 'newMrr', 'expansion', 'contraction', 'churned', 'reactivation', 'mrrAtEnd'];
    expect(rows.map((r) => [r.period, ...keys.map((k) => r[k as keyof typeof r])])).toEqual(
      expected.periods.map((r) => [r.period, ...keys.map((k) => r[k])]),
    );
    rows.forEach((row, i) => {
      for (const key of ['grossRevenueChurn', 'netRevenueChurn'] as const) {
        const value = expected.periods[i]![key]!;
        if (value === null) expect(row[key]).toBeNull();
        else expect(Math.abs(row[key]! - value)).toBeLessThanOrEqual(1e-12);
      }
    });
    expect(churnedMrrPerSubscription(fixture(annualPlans), options)).toEqual(
      expected.churnedEverySubscription,
    );
  });
});
