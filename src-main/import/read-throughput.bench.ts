/**
 * Throughput of the CSV reader on a generated 1,000,000-row, 20-column file (about 130 MB), with
 * csv-parse alongside for comparison. Not a test: run it by hand and put the figures in the commit
 * message when the reader changes.
 *
 *   npx tsx src-main/import/read-throughput.bench.ts [rows] [--keep]
 */
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse';
import { defaultMissingTokens, type ParseOptions } from '@shared/domain/parse-options';
import { readCsvRecords } from './csv-reader';
import { ColumnProfiler } from './type-inference';

const rows = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 1_000_000);
const dir = mkdtempSync(join(tmpdir(), 'tenure-bench-'));
const path = join(dir, 'bench.csv');

async function generate(): Promise<void> {
  const plans = ['Month-to-month', 'One year', 'Two year'];
  const payments = [
    'Electronic check',
    'Mailed check',
    'Bank transfer (automatic)',
    'Credit card (automatic)',
  ];
  const out = createWriteStream(path);
  out.write(
    'customer_id,gender,senior,partner,tenure,phone,lines,internet,security,backup,protection,support,tv,movies,contract,paperless,payment,monthly,total,signup\n',
  );
  let batch: string[] = [];
  for (let i = 1; i <= rows; i++) {
    const monthly = (20 + ((i * 37) % 10_000) / 100).toFixed(2);
    const tenure = i % 73;
    batch.push(
      [
        `C${String(i).padStart(8, '0')}`,
        i % 2 ? 'Female' : 'Male',
        i % 5 === 0 ? 1 : 0,
        i % 3 ? 'Yes' : 'No',
        tenure,
        i % 10 ? 'Yes' : 'No',
        i % 2 ? 'No phone service' : 'Yes',
        i % 5 < 2 ? 'DSL' : 'Fiber optic',
        'No',
        'Yes',
        'No',
        'No',
        'Yes',
        'No',
        plans[i % 3],
        i % 5 < 3 ? 'Yes' : 'No',
        `"${payments[i % 4]}"`,
        monthly,
        (Number(monthly) * tenure).toFixed(2),
        `2023-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
      ].join(','),
    );
    if (batch.length === 10_000) {
      if (!out.write(batch.join('\n') + '\n')) await once(out, 'drain');
      batch = [];
    }
  }
  out.end(batch.length ? batch.join('\n') + '\n' : '');
  await once(out, 'finish');
}

const options: ParseOptions = {
  encoding: 'utf-8',
  delimiter: ',',
  quote: '"',
  hasHeader: true,
  decimal: '.',
  dateOrder: 'ymd',
  missing: [...defaultMissingTokens],
};

async function readOnly(): Promise<number> {
  let n = 0;
  for await (const _record of readCsvRecords(path, options)) n += 1;
  return n;
}

async function readAndProfile(): Promise<number> {
  let n = 0;
  let profiler: ColumnProfiler | null = null;
  for await (const record of readCsvRecords(path, options)) {
    n += 1;
    if (profiler === null) profiler = new ColumnProfiler(record.fields.length, options);
    else profiler.observe(record.fields);
  }
  profiler?.result();
  return n;
}

async function csvParse(info: boolean): Promise<number> {
  let n = 0;
  const parser = createReadStream(path, { highWaterMark: 1024 * 1024 }).pipe(
    parse({ relax_column_count: true, info, record_delimiter: ['\r\n', '\n', '\r'] }),
  );
  for await (const _record of parser) n += 1;
  return n;
}

async function measure(label: string, run: () => Promise<number>, times = 3): Promise<void> {
  const rates: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    const n = await run();
    rates.push(n / ((performance.now() - started) / 1000));
  }
  rates.sort((a, b) => a - b);
  const fmt = (r: number) => Math.round(r).toLocaleString('en-US');
  console.log(
    `${label.padEnd(34)} median ${fmt(rates[Math.floor(rates.length / 2)] as number)} rows/s (best ${fmt(rates.at(-1) as number)})`,
  );
}

try {
  await generate();
  console.log(
    `${rows.toLocaleString('en-US')} rows × 20 columns, ${(statSync(path).size / 1024 / 1024).toFixed(0)} MB`,
  );
  await measure('readCsvRecords', readOnly);
  await measure('readCsvRecords + ColumnProfiler', readAndProfile);
  await measure('csv-parse stream', () => csvParse(false), 1);
  await measure('csv-parse stream, info: true', () => csvParse(true), 1);
} finally {
  if (!process.argv.includes('--keep')) rmSync(dir, { recursive: true, force: true });
}
