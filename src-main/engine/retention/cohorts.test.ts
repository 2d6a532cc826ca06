import { describe, expect, it } from 'vitest';
import { cohortRetention, type CohortMember } from './cohorts';

// Three customers in January, two in February; as-of 2024-03-20, so March cells are incomplete.
const members: CohortMember[] = [
  { start: '2024-01-03', activity: ['2024-01-03', '2024-02-10', '2024-03-01'] },
  { start: '2024-01-15', activity: ['2024-01-15', '2024-03-05'] }, // skips February
  { start: '2024-01-31', activity: ['2024-01-31'] },
  { start: '2024-02-01', activity: ['2024-02-01', '2024-03-02', '2024-04-01'] }, // April: after as-of
  { start: '2024-02-20', activity: ['2024-02-20'] },
];

describe('cohort retention', () => {
  const result = cohortRetention(members, { period: 'month', asOf: '2024-03-20' });

  it('counts active-in-period and active-in-period-or-later per cohort, marking incomplete cells', () => {
    expect(result.cohorts.map((c) => [c.key, c.size])).toEqual([
      ['2024-01', 3],
      ['2024-02', 2],
    ]);
    const [january, february] = result.cohorts;
    expect(january!.cells.map((c) => [c.k, c.active, c.activeOrLater, c.complete])).toEqual([
      [0, 3, 3, true],
      [1, 1, 2, true],
      [2, 2, 2, false],
    ]);
    expect(january!.cells[1]!.share).toBe(1 / 3);
    expect(january!.cells[1]!.shareOrLater).toBe(2 / 3);
    expect(february!.cells.map((c) => [c.k, c.active, c.activeOrLater, c.complete])).toEqual([
      [0, 2, 2, true],
      [1, 1, 1, false],
    ]);
  });

  it('averages complete cells only, weighted by cohort size', () => {
    expect(result.weighting).toBe('cohort-size');
    expect(result.average).toEqual([
      { k: 0, cohorts: 2, customers: 5, share: 1, shareOrLater: 1 },
      { k: 1, cohorts: 1, customers: 3, share: 1 / 3, shareOrLater: 2 / 3 },
      { k: 2, cohorts: 0, customers: 0, share: null, shareOrLater: null },
    ]);
  });

  it('bracket view: active in some period of [from, to], complete when period `to` is', () => {
    const withBrackets = cohortRetention(members, {
      period: 'month',
      asOf: '2024-03-31',
      brackets: [
        [1, 1],
        [1, 2],
      ],
    });
    const [january, february] = withBrackets.cohorts;
    expect(january!.brackets.map((b) => [b.from, b.to, b.active, b.complete])).toEqual([
      [1, 1, 1, true],
      [1, 2, 2, true],
    ]);
    expect(february!.brackets.map((b) => [b.active, b.complete])).toEqual([
      [1, true],
      [1, false],
    ]);
    expect(withBrackets.averageBrackets).toEqual([
      { from: 1, to: 1, cohorts: 2, customers: 5, share: 2 / 5 },
      { from: 1, to: 2, cohorts: 1, customers: 3, share: 2 / 3 },
    ]);
    expect(() =>
      cohortRetention(members, { period: 'month', asOf: '2024-03-31', brackets: [[3, 1]] }),
    ).toThrow(RangeError);
  });

  it('any cohort key: k counts from each member’s own start; a cell is complete when every member’s is', () => {
    const byPlan = cohortRetention(
      members.map((m, i) => ({ ...m, cohort: i % 2 === 0 ? 'pro' : 'basic' })),
      { period: 'month', asOf: '2024-03-31' },
    );
    const pro = byPlan.cohorts.find((c) => c.key === 'pro')!; // members 0, 2, 4 (Jan, Jan, Feb)
    expect(pro.size).toBe(3);
    expect(pro.cells.map((c) => [c.k, c.active, c.complete])).toEqual([
      [0, 3, true],
      [1, 1, true],
      [2, 1, false], // the February member's month 2 (April) has not elapsed
    ]);
  });
});
