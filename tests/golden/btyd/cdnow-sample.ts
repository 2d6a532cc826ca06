import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { TransactionColumns } from '../../../src-main/engine/btyd/summary';
import type { RepeatSummaries } from '../../../src-main/engine/btyd/types';

/**
 * The CDNOW 1/10 sample of Fader, Hardie & Lee (2005) for the golden tests: its purchases from the
 * master log shipped in resources/ (customers renamed to their sample id), and the published
 * calibration summary (README.md). Plain splitting: both files are simple comma-separated text.
 */

const here = resolve(import.meta.dirname);

export function dayNumber(isoDate: string): number {
  const [y, m, d] = isoDate.split('-').map(Number);
  return Date.UTC(y!, m! - 1, d!) / 86_400_000;
}

function readRows(path: string): string[][] {
  return readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .slice(1)
    .filter((line) => line.length > 0)
    .map((line) => line.split(','));
}

/** The sample's rows of the CDNOW master log, customers renamed to their sample id. */
export function sampleLog(): TransactionColumns {
  const sampleId = new Map(readRows(resolve(here, 'cdnow-sample-map.csv')).map(([c, s]) => [c!, s!]));
  const customer: string[] = [];
  const day: number[] = [];
  const amount: number[] = [];
  for (const [c, date, , value] of readRows(
    resolve(here, '../../../resources/samples/cdnow_transactions.csv'),
  )) {
    const id = sampleId.get(c!);
    if (id === undefined) continue;
    customer.push(id);
    day.push(dayNumber(date!));
    amount.push(Number(value));
  }
  return { customer, day: Int32Array.from(day), amount: Float64Array.from(amount) };
}

export interface PublishedRow {
  id: string;
  x: number;
  tx: number;
  T: number;
  zbar: number;
}

/** cdnow-published-summary.csv: ID, x, t_x, T, zbar (weeks; calibration ends 1997-09-30). */
export function publishedSummary(): PublishedRow[] {
  return readRows(resolve(here, 'cdnow-published-summary.csv')).map(([id, x, tx, T, zbar]) => ({
    id: id!,
    x: Number(x),
    tx: Number(tx),
    T: Number(T),
    zbar: Number(zbar),
  }));
}

/** The published summary as the likelihoods take it (one row per customer, weight 1). */
export function publishedRepeatSummaries(): RepeatSummaries & { zbar: Float64Array } {
  const rows = publishedSummary();
  return {
    x: Float64Array.from(rows, (r) => r.x),
    tx: Float64Array.from(rows, (r) => r.tx),
    T: Float64Array.from(rows, (r) => r.T),
    zbar: Float64Array.from(rows, (r) => r.zbar),
    weight: new Float64Array(rows.length).fill(1),
  };
}
