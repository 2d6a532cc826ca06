import { describe, expect, it } from 'vitest';
import type { RfmCustomer } from './rfm';
import { rfmGrid, rfmSegmentOf, rfmSegments, summarizeSegments } from './segments';

describe('rfmSegmentOf', () => {
  it('follows the practitioners’ R×F map, with R1 F1 as Lost', () => {
    // The grid row by row (R 5 down to 1), F 1 to 5, as in the module comment.
    const grid = [5, 4, 3, 2, 1].map((r) => [1, 2, 3, 4, 5].map((f) => rfmSegmentOf(r, f)));
    expect(grid).toEqual([
      ['New', 'Potential loyalists', 'Potential loyalists', 'Champions', 'Champions'],
      ['Promising', 'Potential loyalists', 'Potential loyalists', 'Loyal', 'Loyal'],
      ['About to sleep', 'About to sleep', 'Need attention', 'Loyal', 'Loyal'],
      ['Hibernating', 'Hibernating', 'At risk', 'At risk', "Can't lose them"],
      ['Lost', 'Hibernating', 'At risk', 'At risk', "Can't lose them"],
    ]);
  });

  it('names every segment in the list, and every listed segment appears in the grid', () => {
    const used = new Set<string>();
    for (let r = 1; r <= 5; r++) for (let f = 1; f <= 5; f++) used.add(rfmSegmentOf(r, f));
    expect([...used].sort()).toEqual(rfmSegments.map((s) => s.segment).sort());
    expect(rfmSegments).toHaveLength(11);
  });

  it('rejects scores outside 1–5', () => {
    expect(() => rfmSegmentOf(0, 3)).toThrow(/1 to 5/);
    expect(() => rfmSegmentOf(3, 2.5)).toThrow(/1 to 5/);
  });
});

const customer = (
  r: 1 | 2 | 3 | 4 | 5,
  f: 1 | 2 | 3 | 4 | 5,
  recencyDays: number,
  frequency: number,
  monetary: number,
) =>
  ({
    customer: `${r}${f}${monetary}`,
    recencyDays,
    frequency,
    monetary,
    r,
    f,
    m: 3,
    segment: rfmSegmentOf(r, f),
  }) as RfmCustomer;

const customers = [
  customer(5, 5, 2, 10, 300),
  customer(5, 4, 4, 6, 100),
  customer(1, 1, 300, 1, 20),
  customer(1, 1, 200, 1, 80),
];

describe('summarizeSegments', () => {
  it('lists all 11 segments with counts, revenue shares and means', () => {
    const rows = summarizeSegments(customers);
    expect(rows.map((row) => row.segment)).toEqual(rfmSegments.map((s) => s.segment));
    const champions = rows.find((row) => row.segment === 'Champions')!;
    expect(champions).toEqual({
      segment: 'Champions',
      customers: 2,
      revenue: 400,
      revenueShare: 0.8,
      meanRecency: 3,
      meanFrequency: 8,
      meanMonetary: 200,
    });
    const lost = rows.find((row) => row.segment === 'Lost')!;
    expect(lost).toMatchObject({ customers: 2, revenue: 100, revenueShare: 0.2, meanRecency: 250 });
    const empty = rows.find((row) => row.segment === 'Loyal')!;
    expect(empty).toMatchObject({ customers: 0, revenue: 0, revenueShare: 0, meanMonetary: 0 });
  });
});

describe('rfmGrid', () => {
  it('has 25 cells, R 5 down to 1, with counts and revenue', () => {
    const cells = rfmGrid(customers);
    expect(cells).toHaveLength(25);
    expect(cells[0]).toEqual({ r: 5, f: 1, customers: 0, revenue: 0, segment: 'New' });
    expect(cells[4]).toEqual({ r: 5, f: 5, customers: 1, revenue: 300, segment: 'Champions' });
    expect(cells[20]).toEqual({ r: 1, f: 1, customers: 2, revenue: 100, segment: 'Lost' });
    expect(cells.reduce((sum, c) => sum + c.customers, 0)).toBe(4);
  });
});
