/**
 * Customer-value benchmark (issue 6): the transaction-log summary, BG/NBD, Pareto/NBD and Gamma-Gamma
 * fits at 200,000 customers, and RFM on 2,000,000 transactions in two shapes (~200,000 customers;
 * mostly distinct customers). Called from bench.ts through benchValue, or standalone:
 *   npx tsx scripts/bench-value.ts
 *
 * The log is simulated from the Pareto/NBD story at day resolution: first purchases spread over a year
 * of weekly cohorts, the calibration ending after that year and a 26-week hold-out after it, so the
 * summaries have the realistic spread of (x, tₓ, T) triples the fits see in practice.
 */
import { loadavg } from 'node:os';
import { fitBgNbd } from '../src-main/engine/btyd/bgnbd';
import { fitGammaGamma } from '../src-main/engine/btyd/gamma-gamma';
import { fitParetoNbd } from '../src-main/engine/btyd/pareto-nbd';
import { gammaDraw } from '../src-main/engine/btyd/simulate';
import { groupSummaries, summarizeTransactions } from '../src-main/engine/btyd/summary';
import { mulberry32 } from '../src-main/engine/model/gbt-random';
import { rfm } from '../src-main/engine/rfm/rfm';

export type TimedSync = <T>(label: string, work: () => T, rowsDone?: number) => T;

const customerCount = 200_000;
const targetRows = 2_000_000;
/** Day 0 of the log; calibration is the year of weekly cohorts, then a 26-week hold-out. */
const cohortWeeks = 52;
const calibrationEnd = 7 * cohortWeeks - 1;
const holdoutEnd = calibrationEnd + 7 * 26;

interface Log {
  customer: string[];
  day: Int32Array;
  amount: Float64Array;
}

/**
 * Pareto/NBD customers (r = 3.5, α = 14 per week: a purchase every four weeks on average; s = 0.5, β = 20) over
 * the calibration and hold-out, with Gamma spend, one row per purchase and a same-day second order now
 * and then. Stops at `targetRows` rows.
 */
function simulateLog(seed: number): Log {
  const random = mulberry32(seed);
  const customer: string[] = [];
  const day = new Int32Array(targetRows);
  const amount = new Float64Array(targetRows);
  let n = 0;
  const push = (id: string, d: number, a: number): void => {
    customer.push(id);
    day[n] = d;
    amount[n] = a;
    n++;
  };
  for (let c = 0; c < customerCount && n < targetRows; c++) {
    const id = `C${String(c).padStart(7, '0')}`;
    const first = 7 * Math.floor(random() * cohortWeeks) + Math.floor(random() * 7);
    const lambda = gammaDraw(3.5, random) / 14 / 7;
    const death = first + (-Math.log(1 - random()) * 7) / (gammaDraw(0.5, random) / 20);
    const spend = 20 + 60 * random();
    push(id, first, spend);
    for (let t = first - Math.log(1 - random()) / lambda; t < Math.min(death, holdoutEnd + 1);) {
      if (n >= targetRows) break;
      push(id, Math.floor(t), spend * (0.5 + random()));
      if (random() < 0.05 && n < targetRows) push(id, Math.floor(t), 5 + 10 * random());
      t -= Math.log(1 - random()) / lambda;
    }
  }
  return { customer, day: day.subarray(0, n), amount: amount.subarray(0, n) };
}

/** 2,000,000 rows of ~1,600,000 customers with numeric-string ids in random order (one-off buyers mostly). */
function distinctCustomerLog(seed: number): Log {
  const random = mulberry32(seed);
  const customer: string[] = new Array<string>(targetRows);
  const day = new Int32Array(targetRows);
  const amount = new Float64Array(targetRows);
  for (let i = 0; i < targetRows; i++) {
    customer[i] = String(1 + Math.floor(random() * 1_600_000) * 7);
    day[i] = Math.floor(random() * 730);
    amount[i] = 5 + 100 * random();
  }
  return { customer, day, amount };
}

/** Gamma-Gamma data: x ≥ 1 repeat purchases and mean spends z̄ from the model (p = 6, q = 4, γ = 15). */
function simulateSpend(count: number, seed: number): { x: Float64Array; zbar: Float64Array } {
  const random = mulberry32(seed);
  const x = new Float64Array(count);
  const zbar = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    x[i] = 1 + Math.floor(-Math.log(1 - random()) * 4);
    const nu = gammaDraw(4, random) / 15;
    zbar[i] = gammaDraw(6 * x[i]!, random) / (nu * x[i]!);
  }
  return { x, zbar };
}

export function benchValue(timedSync: TimedSync): void {
  console.log(
    `\ncustomer value (load average ${loadavg()
      .map((v) => v.toFixed(2))
      .join(', ')})`,
  );
  const log = timedSync('value: simulate transaction log', () => simulateLog(1));
  const rows = log.customer.length;
  const summary = timedSync(
    `value: summary of ${rows.toLocaleString('en')} rows`,
    () => summarizeTransactions(log, { calibrationEnd, holdoutEnd, unit: 'week' }),
    rows,
  );
  const customers = summary.customers.length;
  const grouped = timedSync(`value: group ${customers.toLocaleString('en')} summaries into triples`, () =>
    groupSummaries(summary.customers),
  );
  console.log(`  ${grouped.x.length.toLocaleString('en')} distinct (x, tₓ, T) triples`);
  const bg = timedSync(`value: BG/NBD fit, ${customers.toLocaleString('en')} customers`, () =>
    fitBgNbd(grouped),
  );
  console.log(`  BG/NBD ${JSON.stringify(round(bg.params))}, converged ${String(bg.converged)}`);
  const pareto = timedSync(`value: Pareto/NBD fit, ${customers.toLocaleString('en')} customers`, () =>
    fitParetoNbd(grouped),
  );
  console.log(
    `  Pareto/NBD ${JSON.stringify(round(pareto.params))}, converged ${String(pareto.converged)}, ${pareto.convergedStarts}/${pareto.starts} starts`,
  );
  const spend = simulateSpend(customerCount, 2);
  const gg = timedSync(`value: Gamma-Gamma fit, ${customerCount.toLocaleString('en')} customers`, () =>
    fitGammaGamma(spend),
  );
  console.log(`  Gamma-Gamma ${JSON.stringify(round(gg.params))}`);
  const asOf = holdoutEnd;
  const byCustomer = timedSync(
    `value: RFM, ${rows.toLocaleString('en')} rows of ${customers.toLocaleString('en')} customers`,
    () => rfm(log, asOf),
    rows,
  );
  const distinct = distinctCustomerLog(3);
  const spread = timedSync(
    `value: RFM, ${targetRows.toLocaleString('en')} rows, mostly distinct customers`,
    () => rfm(distinct, 730),
    targetRows,
  );
  console.log(
    `  RFM customers: ${byCustomer.customers.length.toLocaleString('en')} and ${spread.customers.length.toLocaleString('en')}`,
  );
}

function round(params: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Number(v.toPrecision(4))]));
}

function standaloneTimer<T>(label: string, work: () => T, rowsDone?: number): T {
  const start = performance.now();
  const result = work();
  const seconds = (performance.now() - start) / 1000;
  const rate = rowsDone ? `${Math.round(rowsDone / seconds).toLocaleString('en')} rows/s` : '';
  console.log(`${label.padEnd(60)} ${seconds.toFixed(3).padStart(8)} s   ${rate}`);
  return result;
}

if (process.argv[1]?.endsWith('bench-value.ts')) benchValue(standaloneTimer);
