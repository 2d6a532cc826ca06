import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type ActiveSpan,
  churnOverTime,
  type ChurnPeriod,
  type CustomerLifetime,
  type SamePeriodChurnConvention,
} from '../../../src-main/engine/retention/churn-over-time';
import { cohortRetention, type CohortMember } from '../../../src-main/engine/retention/cohorts';
import { dayNumber } from '../../../src-main/engine/retention/periods';
import type { PeriodUnit } from '../../../src-main/engine/retention/periods';
import { cdnowCsv } from '../../support/datasets';

// Reference: tests/golden/retention/retention.py (pandas on the same CSV, rules written out there).
// Counts must match exactly, rates to 1e-12 (each is one division of the same integers).
const here = resolve('tests/golden/retention');
type Tables = Record<string, Record<PeriodUnit, Record<SamePeriodChurnConvention, ChurnPeriod[]>>>;
const churnGolden = JSON.parse(readFileSync(resolve(here, 'cdnow-churn-over-time.json'), 'utf8')) as Tables;
const returnsGolden = JSON.parse(
  readFileSync(resolve(here, 'cdnow-churn-with-returns.json'), 'utf8'),
) as Tables;
interface GoldenCohorts {
  cohorts: {
    key: string;
    size: number;
    cells: {
      k: number;
      active: number;
      share: number;
      activeOrLater: number;
      shareOrLater: number;
      complete: boolean;
    }[];
  }[];
  average: {
    k: number;
    cohorts: number;
    customers: number;
    share: number | null;
    shareOrLater: number | null;
  }[];
}
interface GoldenBrackets {
  cohorts: { brackets: { from: number; to: number; active: number; share: number; complete: boolean }[] }[];
  averageBrackets: { from: number; to: number; cohorts: number; customers: number; share: number | null }[];
}
const cohortGolden = JSON.parse(readFileSync(resolve(here, 'cdnow-cohorts.json'), 'utf8')) as Record<
  string,
  GoldenCohorts
>;

/** Order dates per customer, from the same file the script reads (resources/ holds a byte-identical copy). */
function ordersByCustomer(): Map<string, string[]> {
  const lines = readFileSync(cdnowCsv, 'utf8').trim().split('\n');
  const orders = new Map<string, string[]>();
  for (const line of lines.slice(1)) {
    const [customer, date] = line.split(',') as [string, string];
    const list = orders.get(customer) ?? [];
    list.push(date);
    orders.set(customer, list);
  }
  return orders;
}
const orders = ordersByCustomer();

/** Start at the first order; churned at the last order when it is more than 90 days before as-of. */
function lifetimes(asOf: string): CustomerLifetime[] {
  const asOfDay = dayNumber(asOf);
  const result: CustomerLifetime[] = [];
  for (const dates of orders.values()) {
    const known = dates.filter((d) => d <= asOf).sort();
    if (known.length === 0) continue;
    const last = known[known.length - 1]!;
    result.push({ start: known[0]!, churn: asOfDay - dayNumber(last) > 90 ? last : null });
  }
  return result;
}

/**
 * Active spans split at gaps of more than 90 days between orders: a run churns at its last order when the
 * next order is more than 90 days later (or, for the last run, when as-of is); a later run is a return.
 */
function lifetimesWithReturns(asOf: string): CustomerLifetime[] {
  const asOfDay = dayNumber(asOf);
  const result: CustomerLifetime[] = [];
  for (const dates of orders.values()) {
    const known = dates.filter((d) => d <= asOf).sort();
    if (known.length === 0) continue;
    const activeSpans: ActiveSpan[] = [];
    let runStart = known[0]!;
    known.forEach((date, i) => {
      const next = known[i + 1];
      if (next == null) {
        activeSpans.push({ start: runStart, end: asOfDay - dayNumber(date) > 90 ? date : null });
      } else if (dayNumber(next) - dayNumber(date) > 90) {
        activeSpans.push({ start: runStart, end: date });
        runStart = next;
      }
    });
    result.push({ start: known[0]!, churn: activeSpans[activeSpans.length - 1]!.end, activeSpans });
  }
  return result;
}

function members(asOf: string): CohortMember[] {
  const result: CohortMember[] = [];
  for (const dates of orders.values()) {
    const known = dates.filter((d) => d <= asOf).sort();
    if (known.length > 0) result.push({ start: known[0]!, activity: known });
  }
  return result;
}

const close = (actual: number | null, expected: number | null) => {
  if (expected == null) return expect(actual).toBeNull();
  expect(actual).not.toBeNull();
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(1e-12);
};

const counts = (p: ChurnPeriod) => ({
  period: p.period,
  start: p.start,
  complete: p.complete,
  customersAtStart: p.customersAtStart,
  newCustomers: p.newCustomers,
  reactivated: p.reactivated,
  churned: p.churned,
  joinedAndChurned: p.joinedAndChurned,
  customersAtEnd: p.customersAtEnd,
});

describe.each(['1998-06-30', '1998-06-15'])('CDNOW churn over time at as-of %s against pandas', (asOf) => {
  const customers = lifetimes(asOf);
  it.each([
    ['month', 'counted'],
    ['month', 'excluded-from-churned'],
    ['month', 'ignored'],
    ['quarter', 'counted'],
    ['quarter', 'ignored'],
    ['week', 'counted'],
    ['week', 'excluded-from-churned'],
  ] as [PeriodUnit, SamePeriodChurnConvention][])('%s, %s', (period, convention) => {
    const expected = churnGolden[asOf]![period][convention];
    const actual = churnOverTime(customers, { period, asOf, samePeriodChurn: convention }).periods;
    expect(actual.map(counts)).toEqual(expected.map(counts));
    actual.forEach((row, i) => {
      const reference = expected[i]!;
      close(row.churnRate, reference.churnRate);
      close(row.averageCustomersChurnRate, reference.averageCustomersChurnRate);
      close(row.retentionRate, reference.retentionRate);
      close(row.dailySumChurnRate, reference.dailySumChurnRate);
    });
  });
});

describe.each(['1998-06-30', '1998-06-15'])('CDNOW churn with returns at as-of %s against pandas', (asOf) => {
  const customers = lifetimesWithReturns(asOf);
  it.each([
    ['month', 'counted'],
    ['month', 'excluded-from-churned'],
    ['month', 'ignored'],
    ['quarter', 'counted'],
  ] as [PeriodUnit, SamePeriodChurnConvention][])('%s, %s', (period, convention) => {
    const expected = returnsGolden[asOf]![period][convention];
    const actual = churnOverTime(customers, { period, asOf, samePeriodChurn: convention }).periods;
    expect(actual.map(counts)).toEqual(expected.map(counts));
    expect(actual.some((row) => row.reactivated > 0)).toBe(true);
    actual.forEach((row, i) => {
      close(row.churnRate, expected[i]!.churnRate);
      close(row.averageCustomersChurnRate, expected[i]!.averageCustomersChurnRate);
      close(row.dailySumChurnRate, expected[i]!.dailySumChurnRate);
    });
  });
});

describe.each(['1998-06-30', '1998-06-15'])('CDNOW cohorts at as-of %s against pandas', (asOf) => {
  it('sizes, retained counts, shares, completeness and the weighted average curve', () => {
    const expected = cohortGolden[asOf]!;
    const actual = cohortRetention(members(asOf), { period: 'month', asOf });
    expect(actual.cohorts.map((c) => [c.key, c.size])).toEqual(expected.cohorts.map((c) => [c.key, c.size]));
    actual.cohorts.forEach((cohort, i) => {
      const reference = expected.cohorts[i]!;
      expect(cohort.cells.map((c) => [c.k, c.active, c.activeOrLater, c.complete])).toEqual(
        reference.cells.map((c) => [c.k, c.active, c.activeOrLater, c.complete]),
      );
      cohort.cells.forEach((cell, k) => {
        close(cell.share, reference.cells[k]!.share);
        close(cell.shareOrLater, reference.cells[k]!.shareOrLater);
      });
    });
    expect(actual.average.map((a) => [a.k, a.cohorts, a.customers])).toEqual(
      expected.average.map((a) => [a.k, a.cohorts, a.customers]),
    );
    actual.average.forEach((point, k) => {
      close(point.share, expected.average[k]!.share);
      close(point.shareOrLater, expected.average[k]!.shareOrLater);
    });
  });

  it('bracket views (months 0, 1–3, 4–6, 7–12, 13–17) and their weighted average', () => {
    const expected = cohortGolden[asOf] as unknown as GoldenBrackets;
    const brackets: [number, number][] = [
      [0, 0],
      [1, 3],
      [4, 6],
      [7, 12],
      [13, 17],
    ];
    const actual = cohortRetention(members(asOf), { period: 'month', asOf, brackets });
    actual.cohorts.forEach((cohort, i) => {
      const reference = expected.cohorts[i]!.brackets;
      expect(cohort.brackets.map((b) => [b.from, b.to, b.active, b.complete])).toEqual(
        reference.map((b) => [b.from, b.to, b.active, b.complete]),
      );
      cohort.brackets.forEach((b, j) => close(b.share, reference[j]!.share));
    });
    expect(actual.averageBrackets.map((a) => [a.from, a.to, a.cohorts, a.customers])).toEqual(
      expected.averageBrackets.map((a) => [a.from, a.to, a.cohorts, a.customers]),
    );
    actual.averageBrackets.forEach((a, j) => close(a.share, expected.averageBrackets[j]!.share));
  });
});
