import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { rfm } from '../../../src-main/engine/rfm/rfm';
import { summarizeSegments } from '../../../src-main/engine/rfm/segments';
import { cdnowCsv } from '../../support/datasets';

// Reference: tests/golden/rfm/rfm.py (pandas 1.5.3) on the CDNOW master log as of 1998-06-30; CI reads
// only the committed CSV and JSON. Every customer's recency, frequency, scores and segment exactly;
// monetary to 1e-9 relative (pandas sums each group with compensated summation, the engine plainly).

const asOfDay = Date.UTC(1998, 5, 30) / 86_400_000;

interface GoldenRow {
  customer_id: string;
  recency: string;
  frequency: string;
  monetary: string;
  r: string;
  f: string;
  m: string;
  segment: string;
}
interface GoldenSummary {
  as_of_day: number;
  rows: number;
  ignored_after_as_of: number;
  customers: number;
  segment_counts: Record<string, number>;
}

function readLog() {
  const rows = parse(readFileSync(cdnowCsv, 'utf8'), { columns: true }) as {
    customer_id: string;
    date: string;
    amount: string;
  }[];
  return {
    customer: rows.map((row) => row.customer_id),
    day: Int32Array.from(rows, (row) => Date.parse(`${row.date}T00:00:00Z`) / 86_400_000),
    amount: Float64Array.from(rows, (row) => Number(row.amount)),
  };
}

describe('RFM on CDNOW against pandas', () => {
  const golden = parse(readFileSync(join(__dirname, 'cdnow-rfm.csv'), 'utf8'), {
    columns: true,
  }) as GoldenRow[];
  const summary = JSON.parse(
    readFileSync(join(__dirname, 'cdnow-rfm-summary.json'), 'utf8'),
  ) as GoldenSummary;
  const log = readLog();
  const result = rfm(log, asOfDay);

  it('reads the same log and keeps the same customers in id order', () => {
    expect(asOfDay).toBe(summary.as_of_day);
    expect(log.customer).toHaveLength(summary.rows);
    expect(result.ignoredAfterAsOf).toBe(summary.ignored_after_as_of);
    expect(result.customers).toHaveLength(summary.customers);
    expect(result.customers.map((c) => c.customer)).toEqual(golden.map((row) => row.customer_id));
  });

  it('matches every customer', () => {
    const mismatches: string[] = [];
    result.customers.forEach((c, i) => {
      const row = golden[i]!;
      const monetary = Number(row.monetary);
      const same =
        c.recencyDays === Number(row.recency) &&
        c.frequency === Number(row.frequency) &&
        Math.abs(c.monetary - monetary) <= 1e-9 * Math.max(1, Math.abs(monetary)) &&
        c.r === Number(row.r) &&
        c.f === Number(row.f) &&
        c.m === Number(row.m) &&
        c.segment === row.segment;
      if (!same) mismatches.push(`${c.customer}: ${JSON.stringify(c)} vs ${JSON.stringify(row)}`);
    });
    expect(mismatches.slice(0, 5)).toEqual([]);
  });

  it('matches the segment counts', () => {
    const counts = Object.fromEntries(
      summarizeSegments(result.customers).map((s) => [s.segment, s.customers]),
    );
    expect(counts).toEqual(summary.segment_counts);
  });
});
