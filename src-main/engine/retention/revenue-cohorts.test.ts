import { describe, expect, it } from 'vitest';
import { revenueRetention } from './revenue-cohorts';

// The subscriptions of tests/golden/retention/mrr-fixture.csv (see its README for the story of each customer).
const fixture = [
  { customer: 'A', start: '2024-01-10', end: '2024-03-15', mrr: 100 },
  { customer: 'A', start: '2024-03-15', end: null, mrr: 150 },
  { customer: 'B', start: '2024-01-05', end: '2024-04-01', mrr: 200 },
  { customer: 'B', start: '2024-04-01', end: null, mrr: 120 },
  { customer: 'C', start: '2024-01-20', end: null, mrr: 50 },
  { customer: 'C', start: '2024-01-20', end: '2024-03-10', mrr: 30 },
  { customer: 'D', start: '2024-02-01', end: '2024-04-20', mrr: 80 },
  { customer: 'E', start: '2024-01-15', end: '2024-02-10', mrr: 60 },
  { customer: 'E', start: '2024-05-05', end: null, mrr: 60 },
  { customer: 'F', start: '2024-03-03', end: '2024-03-25', mrr: 40 },
  { customer: 'G', start: '2024-06-10', end: null, mrr: 90 },
];

describe('revenue retention by cohort', () => {
  it('cohort MRR at the end of each month over its MRR at the end of the first', () => {
    const result = revenueRetention(fixture, { asOf: '2024-06-20' });
    expect(result.cohorts.map((c) => [c.key, c.customers, c.startingMrr, c.cells.map((x) => x.mrr)])).toEqual(
      [
        // A 100→150 (Mar), B 200→120 (Apr), C 80→50 (Mar), E 60, gone in Feb, back in May
        ['2024-01', 4, 440, [440, 380, 400, 320, 380, 380]],
        ['2024-02', 1, 80, [80, 80, 0, 0, 0]],
        ['2024-03', 1, 0, [0, 0, 0, 0]], // F joined and left within March
        ['2024-06', 1, 90, [90]],
      ],
    );
    const january = result.cohorts[0]!;
    expect(january.cells[2]!.share).toBe(400 / 440);
    expect(january.cells[5]!.complete).toBe(false); // June has not ended on 06-20
    expect(result.cohorts[2]!.cells[0]!.share).toBeNull();
    expect(result.weighting).toBe('starting-mrr');
    expect(result.average.slice(0, 3)).toEqual([
      { k: 0, cohorts: 2, startingMrr: 520, share: 1 },
      { k: 1, cohorts: 2, startingMrr: 520, share: (380 + 80) / 520 },
      { k: 2, cohorts: 2, startingMrr: 520, share: 400 / 520 },
    ]);
    expect(result.average[4]).toEqual({ k: 4, cohorts: 1, startingMrr: 440, share: 380 / 440 });
    expect(result.average[5]).toEqual({ k: 5, cohorts: 0, startingMrr: 0, share: null });
  });

  it('cohorts given by the caller count k from each customer’s own first month', () => {
    const result = revenueRetention(fixture, {
      asOf: '2024-06-30',
      cohortOf: (customer) => (customer === 'D' || customer === 'E' ? 'small' : 'rest'),
    });
    const small = result.cohorts.find((c) => c.key === 'small')!;
    // E from January: 60, 0, 0, 0, 60, 60; D from February: 80, 80, 0, 0, 0.
    expect([small.customers, small.startingMrr, small.cells.map((c) => c.mrr)]).toEqual([
      2,
      140,
      [140, 80, 0, 0, 60, 60],
    ]);
    // Complete while D's month k (from February) has ended by June 30.
    expect(small.cells.map((c) => c.complete)).toEqual([true, true, true, true, true, false]);
  });
});
