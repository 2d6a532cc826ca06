/**
 * `npm run bench`: how Tenure's heavy paths scale with rows. Prints a table; never asserts times.
 * Usage: npm run bench [-- --rows 1000000 --transactions 2000000 --engine 1000000 --risk 1000000 --value 1]
 * (0 skips a part; --risk: the telco cross-validation, then training and scoring at that many rows;
 * --value: the customer-value models on 200,000 simulated customers / 2,000,000 transactions)
 */
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { sourceWorker } from '../src-main/app/environment';
import { churnOverTime, type CustomerLifetime } from '../src-main/engine/retention/churn-over-time';
import { cohortRetention, type CohortMember } from '../src-main/engine/retention/cohorts';
import { applyBins } from '../src-main/engine/model/binning';
import type { FeatureColumn } from '../src-main/engine/model/design';
import { fitGbt, predictGbtRaw } from '../src-main/engine/model/gbt';
import { mulberry32 } from '../src-main/engine/model/gbt-random';
import { crossValidateGbt } from '../src-main/engine/model/gbt-cross-validate';
import { crossValidate } from '../src-main/engine/model/cross-validate';
import { stratifiedFolds } from '../src-main/engine/model/metrics';
import { gbtPermutationImportance } from '../src-main/engine/model/permutation-importance';
import { gbtShap } from '../src-main/engine/model/tree-shap';
import { coxPh } from '../src-main/engine/survival/cox';
import { kaplanMeier } from '../src-main/engine/survival/km';
import { logRank } from '../src-main/engine/survival/logrank';
import { readCsvRecords } from '../src-main/import/csv-reader';
import { detectParseOptions } from '../src-main/import/detect';
import { ColumnProfiler } from '../src-main/import/type-inference';
import { createServices } from '../src-main/services';
import { gbtTrainer, logisticTrainer, type Trainer } from '../src-main/services/tasks/risk-trainers';
import { createDispatch } from '../src-main/transports/dispatch';
import { benchValue } from './bench-value';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    transactions: { type: 'string', default: '2000000' },
    engine: { type: 'string', default: '1000000' },
    risk: { type: 'string', default: '1000000' },
    value: { type: 'string', default: '1' },
  },
});
const rows = Number(values.rows);
const transactionRows = Number(values.transactions);
const engineRows = Number(values.engine);
const riskRows = Number(values.risk);
const valueBench = Number(values.value);
const dir = mkdtempSync(join(tmpdir(), 'tenure-bench-'));

const plans = ['basic', 'plus', 'pro', 'team', 'enterprise'];
const regions = ['north', 'south', 'east', 'west'];

/** A deterministic customer table: 20 columns of the kinds real exports have. */
async function writeCustomers(path: string, count: number): Promise<void> {
  const out = createWriteStream(path);
  out.write(
    'customer_id,churned,tenure_months,plan,region,monthly_fee,total_spend,seats,logins_30d,tickets_90d,' +
      'nps,signup_date,paperless,autopay,discount,age,segment,score,last_contact,notes\n',
  );
  let seed = 42;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  for (let i = 1; i <= count; i++) {
    const tenure = Math.floor(random() * 72);
    const fee = (20 + random() * 100).toFixed(2);
    const line =
      `C${String(i).padStart(8, '0')},${random() < 0.26 ? 'Yes' : 'No'},${tenure},${plans[i % 5]},${regions[i % 4]},` +
      `${fee},${(Number(fee) * tenure).toFixed(2)},${1 + (i % 50)},${Math.floor(random() * 60)},${i % 7},` +
      `${Math.floor(random() * 11)},20${10 + (i % 15)}-0${1 + (i % 9)}-1${i % 10},${i % 2 ? 'Yes' : 'No'},` +
      `${i % 3 ? 'Yes' : 'No'},${(random() * 0.3).toFixed(3)},${18 + (i % 60)},S${i % 12},${random().toFixed(4)},` +
      `2025-0${1 + (i % 9)}-2${i % 8},"note ${i % 100}, see file"\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/**
 * A deterministic transactions log in a German-style export: `;` delimiter, decimal comma,
 * dd.mm.yyyy dates; one customer in 8 per 1,000 rows, ~250 orders a day over 2019–2024.
 */
async function writeTransactions(path: string, count: number): Promise<void> {
  const out = createWriteStream(path);
  out.write('Kundennummer;Bestelldatum;Betrag;Menge;Artikel\n');
  const customers = Math.max(1, Math.floor(count / 8));
  const start = Date.UTC(2019, 0, 1);
  const days = 6 * 365;
  let seed = 7;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  for (let i = 0; i < count; i++) {
    const day = new Date(start + Math.floor((i / count) * days) * 86_400_000);
    const date = `${String(day.getUTCDate()).padStart(2, '0')}.${String(day.getUTCMonth() + 1).padStart(2, '0')}.${day.getUTCFullYear()}`;
    const amount = (5 + random() * 200).toFixed(2).replace('.', ',');
    const line = `K${String(1 + Math.floor(random() * customers)).padStart(7, '0')};${date};${amount};${1 + (i % 4)};${plans[i % 5]}\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/** Samples the process's resident memory while `work` runs (the worker threads live in this process). */
async function peakMemory<T>(work: () => Promise<T>): Promise<{ result: T; peakMb: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  try {
    const result = await work();
    return { result, peakMb: peak / 1e6 };
  } finally {
    clearInterval(timer);
  }
}

async function timed<T>(label: string, work: () => Promise<T>, rowsDone?: number): Promise<T> {
  const start = performance.now();
  const result = await work();
  printTiming(label, start, rowsDone);
  return result;
}

/** One table line: the label, seconds since `start`, and rows per second when rowsDone is given. */
function printTiming(label: string, start: number, rowsDone?: number): void {
  const seconds = (performance.now() - start) / 1000;
  const rate = rowsDone ? `${Math.round(rowsDone / seconds).toLocaleString('en')} rows/s` : '';
  console.log(`${label.padEnd(52)} ${seconds.toFixed(3).padStart(8)} s   ${rate}`);
}

async function main(): Promise<void> {
  if (rows > 0) await benchCustomers();
  if (transactionRows > 0) await benchTransactions();
  if (engineRows > 0) benchEngine();
  if (riskRows > 0) await benchRisk();
  if (valueBench > 0) benchValue(timedSync);
  rmSync(dir, { recursive: true, force: true });
}

function startServices() {
  const services = createServices({
    mode: 'cli',
    version: 'bench',
    dataDir: join(dir, 'data'),
    projectsDir: join(dir, 'projects'),
    resourcesDir: join(process.cwd(), 'resources'),
    worker: sourceWorker(),
  });
  const dispatch = createDispatch(services.handlers);
  const call = async (name: string, request: unknown) => {
    const result = await dispatch(name, request);
    if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
    return result.value as Record<string, unknown>;
  };
  return { services, call };
}

async function benchTransactions(): Promise<void> {
  console.log('');
  const csv = join(dir, 'transactions.csv');
  await timed(`generate ${transactionRows.toLocaleString('en')} transactions`, () =>
    writeTransactions(csv, transactionRows),
  );
  console.log(`file size: ${(statSync(csv).size / 1e6).toFixed(1)} MB`);
  const { services, call } = startServices();
  const project = join(dir, 'transactions.tenure');
  try {
    await call('project.create', { path: project });
    const inspected = await timed('import.inspect (German locale detected)', () =>
      call('import.inspect', { path: csv, project }),
    );
    const detected = inspected.options as Record<string, unknown>;
    console.log(
      `detected kind ${String((inspected.kind as { value: string }).value)}, delimiter "${String(detected.delimiter)}", decimal "${String(detected.decimal)}", dates ${String(detected.dateOrder)}`,
    );
    const mapping = {
      customer: 'Kundennummer',
      date: 'Bestelldatum',
      amount: 'Betrag',
      quantity: 'Menge',
      product: 'Artikel',
    };
    const before = process.memoryUsage().rss / 1e6;
    const { result: report, peakMb } = await peakMemory(() =>
      timed(
        'import.run transactions (incl. customer view)',
        () => call('import.run', { project, path: csv, kind: 'transactions', mapping }),
        transactionRows,
      ),
    );
    console.log(
      `imported ${String(report.imported)}, rejected ${String(report.rejectedCount)}; resident memory ${before.toFixed(0)} MB before, peak ${peakMb.toFixed(0)} MB during the import`,
    );
    await timed('churn.definition (inter-purchase times)', () => call('churn.definition', { project }));
    await timed('churn.setDefinition non-contractual 90 d (view rebuilt)', () =>
      call('churn.setDefinition', {
        project,
        setting: { definition: { kind: 'non-contractual', inactivityDays: 90 }, asOf: null },
      }),
    );
    await timed('quality.report', () => call('quality.report', { project }));
    await timed('customers.page first page', () =>
      call('customers.page', { project, offset: 0, limit: 200 }),
    );
    const history = (await call('import.history', { project })) as { imports: { id: number }[] };
    await timed('import.undo (the whole import)', () =>
      call('import.undo', { project, importId: history.imports[0]?.id }),
    );
  } finally {
    await services.close();
  }
}

function timedSync<T>(label: string, work: () => T, rowsDone?: number): T {
  const start = performance.now();
  const result = work();
  printTiming(label, start, rowsDone);
  return result;
}

/** The statistics engine on its own (pure functions on typed arrays), at n and n/10 to show scaling. */
function benchEngine(): void {
  console.log('');
  const isoDay = (day: number) =>
    new Date(Date.UTC(2019, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
  for (const n of [Math.max(1, Math.floor(engineRows / 10)), engineRows]) {
    const random = mulberry32(42);
    const time = new Float64Array(n);
    const event = new Uint8Array(n);
    const group = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      group[i] = i % 10;
      time[i] = Math.ceil(random() * 72 * (1 + (group[i] as number) / 10)); // whole months: realistic ties
      event[i] = random() < 0.3 ? 1 : 0;
    }
    const label = n.toLocaleString('en');
    timedSync(`Kaplan–Meier, ${label} customers (log CI, RMST)`, () => {
      kaplanMeier(time, event, { conf: 'log' }).rmst(60);
    });
    timedSync(`log-rank, ${label} customers in 10 groups`, () => logRank(time, event, group, 10));

    const m = Math.floor(n / 10);
    const p = 10;
    const x = new Float64Array(m * p);
    for (let i = 0; i < m * p; i++) x[i] = i % 2 === 0 ? random() * 2 - 1 : random() < 0.3 ? 1 : 0;
    const names = Array.from({ length: p }, (_, k) => `x${k}`);
    timedSync(`Cox (Efron), ${m.toLocaleString('en')} rows × 10 covariates`, () =>
      coxPh(time.subarray(0, m), event.subarray(0, m), x, names),
    );

    // Churn over time and cohorts: n/5 customers with 10 activity dates each (2M dates at n = 1M).
    const customers = Math.floor(n / 5);
    const lifetimes: CustomerLifetime[] = [];
    const members: CohortMember[] = [];
    for (let c = 0; c < customers; c++) {
      const start = Math.floor(random() * 1500);
      const activity: string[] = [];
      let day = start;
      for (let k = 0; k < 10; k++) activity.push(isoDay((day += Math.floor(random() * 60))));
      const lastDay = day;
      lifetimes.push({ start: isoDay(start), churn: lastDay < 1700 ? isoDay(lastDay) : null });
      members.push({ start: isoDay(start), activity });
    }
    const asOf = isoDay(1800);
    timedSync(`churn over time by month, ${customers.toLocaleString('en')} customers`, () =>
      churnOverTime(lifetimes, { period: 'month', asOf }),
    );
    timedSync(`cohorts by month, ${(customers * 10).toLocaleString('en')} activity dates`, () =>
      cohortRetention(members, { period: 'month', asOf }),
    );
  }
  benchGbt();
}

/** p synthetic features (a third categorical with 6 levels, 5% missing in the numerics) and a 0/1 outcome. */
function gbtData(n: number, p: number, seed: number): { columns: FeatureColumn[]; y: Float64Array } {
  const random = mulberry32(seed);
  const columns: FeatureColumn[] = [];
  const logit = new Float64Array(n).fill(-1);
  for (let j = 0; j < p; j++) {
    const weight = j < 6 ? 1 / (j + 1) : 0;
    if (j % 3 === 2) {
      const values = Array.from({ length: n }, () => 'abcdef'[Math.floor(random() * 6)]!);
      values.forEach((v, i) => (logit[i] = logit[i]! + (v === 'a' ? weight : v === 'b' ? -weight : 0)));
      columns.push({ name: `c${j}`, kind: 'categorical', values });
    } else {
      const values = Array.from({ length: n }, () => (random() < 0.05 ? null : random() * 4 - 2));
      values.forEach((v, i) => (logit[i] = logit[i]! + weight * (v === null ? 0.5 : Math.sin(v * 1.5))));
      columns.push({ name: `x${j}`, kind: 'numeric', values });
    }
  }
  const y = Float64Array.from(logit, (l) => (random() < 1 / (1 + Math.exp(-l)) ? 1 : 0));
  return { columns, y };
}

/** Gradient-boosted trees: the sizes (7,043 × 20 and engineRows × 30), CV, SHAP, scoring. */
function benchGbt(): void {
  const small = gbtData(7043, 20, 7);
  const settings = { earlyStopping: false, maxIter: 100 } as const;
  timedSync('GBT train, 7,043 × 20, 100 iterations', () => fitGbt(small.columns, small.y, settings));
  const folds = stratifiedFolds(small.y, 5, 0);
  timedSync('GBT 5-fold CV, 7,043 × 20, 100 iterations', () =>
    crossValidateGbt(small.columns, small.y, folds, settings),
  );
  const model = fitGbt(small.columns, small.y, settings);
  const binned = applyBins(model.mapper, small.columns);
  timedSync('GBT TreeSHAP, 7,043 rows × 100 trees', () => gbtShap(model, binned), 7043);
  timedSync('GBT permutation importance, 20 features × 5', () =>
    gbtPermutationImportance(model, binned, small.y),
  );
  const n = engineRows;
  const large = gbtData(n, 30, 8);
  const label = n.toLocaleString('en');
  const big = timedSync(`GBT train, ${label} × 30 (early stopping auto)`, () =>
    fitGbt(large.columns, large.y),
  );
  console.log(`${''.padEnd(52)} ${big.nIter} iterations`);
  timedSync(`GBT score, ${label} rows`, () => predictGbtRaw(big, large.columns), n);
}

/** The telco sample's 19 features and its Churn label (numeric when every filled value is a number). */
async function telcoColumns(): Promise<{ columns: FeatureColumn[]; y: Float64Array }> {
  const path = join(process.cwd(), 'resources', 'samples', 'telco_churn.csv');
  const { options } = await detectParseOptions(path);
  const records: string[][] = [];
  for await (const record of readCsvRecords(path, options)) records.push(record.fields);
  const [header, ...body] = records;
  const names = header!;
  const churn = names.indexOf('Churn');
  const columns: FeatureColumn[] = [];
  names.forEach((name, j) => {
    if (j === churn || name === 'customer_id') return;
    const raw = body.map((fields) => {
      const v = fields[j]?.trim() ?? '';
      return options.missing.includes(v) ? '' : v;
    });
    const numeric = raw.every((v) => v === '' || Number.isFinite(Number(v)));
    columns.push(
      numeric
        ? { name, kind: 'numeric', values: raw.map((v) => (v === '' ? null : Number(v))) }
        : { name, kind: 'categorical', values: raw.map((v) => (v === '' ? null : v)) },
    );
  });
  return { columns, y: Float64Array.from(body, (fields) => (fields[churn] === 'Yes' ? 1 : 0)) };
}

/**
 * Churn risk (issue 5) as risk.train runs it (the trainers inside the engine's CV loop): 5-fold CV of
 * both models on the real telco sample (aim: both together < 2 s), the logistic fit at riskRows × 30,
 * and scoring throughput of both models (aim: a million customers in seconds).
 */
async function benchRisk(): Promise<void> {
  console.log('');
  console.log(
    `load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} on ${cpus().length} cores`,
  );
  // On a shared machine the wall time includes waiting for a core; the CPU time is this process's own.
  const timed = <T>(label: string, work: () => T, rowsDone?: number): T => {
    const cpu = process.cpuUsage();
    const start = performance.now();
    const result = work();
    const used = process.cpuUsage(cpu);
    const seconds = (performance.now() - start) / 1000;
    const rate = rowsDone ? `${Math.round(rowsDone / seconds).toLocaleString('en')} rows/s` : '';
    const cpuSeconds = (used.user + used.system) / 1e6;
    console.log(
      `${label.padEnd(52)} ${seconds.toFixed(3).padStart(8)} s   cpu ${cpuSeconds.toFixed(3).padStart(7)} s   ${rate}`,
    );
    return result;
  };
  const telco = await telcoColumns();
  const folds = stratifiedFolds(telco.y, 5, 0);
  const params = { seed: 0 };
  const cv = <M>(trainer: Trainer<M>) =>
    crossValidate(telco.y, folds, (train, test) => ({
      p: trainer.predict(trainer.fit(telco.columns, telco.y, train, params), telco.columns, test),
      extra: {},
    }));
  const n = telco.y.length.toLocaleString('en');
  const p = telco.columns.length;
  const [lr, trees] = timed('both models, 5-fold CV together (aim < 2 s)', () => [
    timed(`logistic 5-fold CV, telco ${n} × ${p}`, () => cv(logisticTrainer)),
    timed(`GBT 5-fold CV, telco ${n} × ${p}`, () => cv(gbtTrainer)),
  ]);
  console.log(`${''.padEnd(52)} AUC logistic ${lr.auc.mean.toFixed(4)}, trees ${trees.auc.mean.toFixed(4)}`);

  const large = gbtData(riskRows, 30, 8);
  const all = Int32Array.from({ length: riskRows }, (_, i) => i);
  const label = riskRows.toLocaleString('en');
  const logistic = timed(`logistic train, ${label} × 30`, () =>
    logisticTrainer.fit(large.columns, large.y, all, params),
  );
  console.log(
    `${''.padEnd(52)} ${logistic.recipe.terms.length} terms, ${logistic.fit?.iterations ?? '?'} IRLS iterations`,
  );
  timed(`logistic score, ${label} rows`, () => logisticTrainer.predict(logistic, large.columns), riskRows);
  const trained = gbtTrainer.fit(large.columns, large.y, all, params);
  timed(
    `GBT score, ${label} rows (${trained.nIter} trees)`,
    () => gbtTrainer.predict(trained, large.columns),
    riskRows,
  );
}

async function benchCustomers(): Promise<void> {
  const csv = join(dir, 'customers.csv');
  await timed(`generate ${rows.toLocaleString('en')} rows`, () => writeCustomers(csv, rows));
  console.log(`file size: ${(statSync(csv).size / 1e6).toFixed(1)} MB`);

  const { options } = await detectParseOptions(csv);
  await timed(
    'read CSV records only (this thread)',
    async () => {
      for await (const record of readCsvRecords(csv, options)) void record;
    },
    rows,
  );
  await timed(
    'read + infer column types (this thread)',
    async () => {
      let profiler: ColumnProfiler | null = null;
      for await (const record of readCsvRecords(csv, options)) {
        if (profiler) profiler.observe(record.fields);
        else profiler = new ColumnProfiler(record.fields.length, options);
      }
    },
    rows,
  );

  const { services, call } = startServices();
  const project = join(dir, 'bench.tenure');
  try {
    await call('project.create', { path: project });
    const mapping = { id: 'customer_id', churned: 'churned', tenure: 'tenure_months' };
    await timed('import.inspect (head + 10,000 rows)', () => call('import.inspect', { path: csv }));
    const report = await timed(
      'import.run (2 passes, one transaction)',
      () => call('import.run', { project, path: csv, kind: 'customers', mapping, tenureUnit: 'months' }),
      rows,
    );
    console.log(`imported ${String(report.imported)}, rejected ${String(report.rejectedCount)}`);
    const { columns } = (await call('customers.columns', { project })) as {
      columns: { key: string; name: string }[];
    };
    const key = (name: string) => columns.find((column) => column.name === name)?.key ?? name;
    const plan = key('plan');
    const fee = key('monthly_fee');
    await timed('overview.get', () => call('overview.get', { project }));
    await timed('overview.churnBy plan (category)', () => call('overview.churnBy', { project, key: plan }));
    await timed('overview.churnBy monthly_fee (decimal bins)', () =>
      call('overview.churnBy', { project, key: fee }),
    );
    await timed('customers.page first page, file order', () =>
      call('customers.page', { project, offset: 0, limit: 200 }),
    );
    const sort = { key: fee, direction: 'desc' };
    await timed('customers.page sorted by fee (builds view)', () =>
      call('customers.page', { project, offset: 0, limit: 200, sort }),
    );
    await timed('customers.page sorted, deep page (view cached)', () =>
      call('customers.page', { project, offset: Math.max(0, rows - 500), limit: 200, sort }),
    );
    await timed('customers.page filtered plan = pro', () =>
      call('customers.page', {
        project,
        offset: 0,
        limit: 200,
        filters: [{ key: plan, op: 'eq', value: 'pro' }],
      }),
    );
  } finally {
    await services.close();
  }
}

await main();
