import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCsvRecords } from './csv-reader';
import { ColumnProfiler } from './type-inference';
import { csvOptions } from '../../tests/support/parse-options';

/**
 * A 100 MB file read end to end with bounded memory. No timing is asserted (machines differ); the
 * bound is on memory, which must not grow with the file.
 */

const rows = 1_200_000;
const dir = mkdtempSync(join(tmpdir(), 'tenure-large-'));
const path = join(dir, 'large.csv');
const MB = 1024 * 1024;

const plans = ['Month-to-month', 'One year', 'Two year'];
const payments = ['Electronic check', 'Mailed check', 'Bank transfer (automatic)', 'Credit card (automatic)'];

/** One row; every 1000th has a quoted note with a line break, so it spans two lines. */
function row(i: number): string {
  const monthly = (20 + ((i * 37) % 10_000) / 100).toFixed(2);
  const tenure = i % 73;
  const note = i % 1000 === 500 ? '"called twice,\nthen left"' : i % 7 === 0 ? '"said ""maybe"""' : '';
  const month = String(1 + (i % 12)).padStart(2, '0');
  const day = String(1 + (i % 28)).padStart(2, '0');
  return [
    `C${String(i).padStart(8, '0')}`,
    i % 2 ? 'Female' : 'Male',
    i % 5 === 0 ? 1 : 0,
    i % 3 ? 'Yes' : 'No',
    tenure,
    plans[i % 3],
    `"${payments[i % 4]}"`,
    monthly,
    i % 997 === 0 ? 'NA' : (Number(monthly) * tenure).toFixed(2),
    `2023-${month}-${day}`,
    note,
    i % 2 ? 'Yes' : 'No',
  ].join(',');
}

beforeAll(async () => {
  const out = createWriteStream(path);
  out.write('customer_id,gender,senior,partner,tenure,contract,payment,monthly,total,signup,note,churn\n');
  let batch: string[] = [];
  for (let i = 0; i < rows; i++) {
    batch.push(row(i));
    if (batch.length === 10_000) {
      if (!out.write(batch.join('\n') + '\n')) await once(out, 'drain');
      batch = [];
    }
  }
  out.end(batch.join('\n') + (batch.length ? '\n' : ''));
  await once(out, 'finish');
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a 100 MB file', () => {
  it('streams through readCsvRecords + ColumnProfiler with bounded memory', async () => {
    const size = statSync(path).size;
    expect(size).toBeGreaterThan(100 * MB);

    const options = csvOptions();
    globalThis.gc?.();
    const start = process.memoryUsage();
    let maxHeap = start.heapUsed;
    let maxRss = start.rss;
    let profiler: ColumnProfiler | null = null;
    let records = 0;
    let lastLine = 0;
    let progressCalls = 0;
    let lastProgress = 0;
    for await (const record of readCsvRecords(path, options, {
      onProgress: (done) => {
        progressCalls += 1;
        lastProgress = done;
      },
    })) {
      records += 1;
      lastLine = record.line;
      if (profiler === null) {
        profiler = new ColumnProfiler(record.fields.length, options);
        continue;
      }
      profiler.observe(record.fields);
      if (records % 20_000 === 0) {
        const now = process.memoryUsage();
        maxHeap = Math.max(maxHeap, now.heapUsed);
        maxRss = Math.max(maxRss, now.rss);
      }
    }

    // Every row read once; the 1,200 two-line notes push the last line down by 1,200.
    expect(records).toBe(rows + 1);
    expect(lastLine).toBe(rows + 1 + rows / 1000);
    expect(lastProgress).toBe(size);
    expect(progressCalls).toBeGreaterThan(100);

    const profiles = (profiler as ColumnProfiler).result();
    expect(profiles.map((p) => p.type)).toEqual([
      'text',
      'category',
      'boolean',
      'boolean',
      'integer',
      'category',
      'category',
      'decimal',
      'decimal',
      'date',
      'category',
      'boolean',
    ]);
    expect(profiles[8]?.missing).toBe(Math.floor((rows - 1) / 997) + 1);
    expect(profiles[0]?.distinct).toBe(1000);

    const heapMB = maxHeap / MB;
    const rssGrowthMB = (maxRss - start.rss) / MB;
    console.info(
      `100 MB read: ${records.toLocaleString('en-US')} records, max heap ${heapMB.toFixed(0)} MB, rss growth ${rssGrowthMB.toFixed(0)} MB`,
    );
    expect(heapMB).toBeLessThan(150);
    expect(rssGrowthMB).toBeLessThan(300);
  }, 300_000);
});
