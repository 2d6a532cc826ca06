import type { ClvSettings, ClvSummary, FitRequest, FitResult, ModelFit } from '@shared/contract/value';
import { AppError } from '@shared/errors';
import { bgnbdPredictor, fitBgNbd } from '../../engine/btyd/bgnbd';
import { btydClv, daysPerMonth, discountedExpectedPurchases } from '../../engine/btyd/clv';
import {
  fitGammaGamma,
  gammaGammaExpectedSpend,
  spendFrequencyCorrelation,
} from '../../engine/btyd/gamma-gamma';
import { frequencyRecencyGrid } from '../../engine/btyd/grids';
import { cumulativeTracking, holdoutByFrequency } from '../../engine/btyd/holdout-check';
import { fitParetoNbd, paretoNbdPredictor } from '../../engine/btyd/pareto-nbd';
import {
  groupSummaries,
  repeatPurchasesByPeriod,
  summarizeTransactions,
  unitDays as daysPerUnit,
  type CustomerValueSummary,
  type TransactionColumns,
  type TransactionSummary,
} from '../../engine/btyd/summary';
import type { BtydPredictor, FittedParameters } from '../../engine/btyd/types';
import { dayNumber, isoFromDay } from '../../engine/retention/periods';
import type { TaskContext } from '../../jobs/task-context';
import type { Db } from '../../store/database';
import { projectStateToken } from '../../store/project-state';
import {
  freeValueModelName,
  insertValueModel,
  writeValueResult,
  writeValueScores,
  type StoredValueModel,
  type ValueScoreRow,
} from '../../store/value-models';

/**
 * value.fit (jobs worker): the "buy till you die" pipeline on the project's transactions.
 * 1. The per-customer summary (same-day orders merged, unit chosen, calibration/hold-out split explicit).
 * 2. BG/NBD or Pareto/NBD fitted on the calibration period: what the hold-out check tests.
 * 3. The same model and Gamma-Gamma refitted on all data up to the last purchase: what P(alive),
 *    expected purchases and CLV per customer use (validate on a hold-out, then predict from everything).
 * 4. Written in ONE transaction: a cancel or error leaves the project as it was.
 */

export function readTransactionLog(db: Db): TransactionColumns & { first: number; last: number } {
  const rows = db
    .prepare('SELECT customer_id, substr(date, 1, 10), amount FROM transactions')
    .raw()
    .all() as Array<[string, string, number | null]>;
  if (rows.length === 0)
    throw new AppError(
      'NOT_AVAILABLE',
      'Customer-value models need a transactions dataset (customer, date, amount): import one first.',
    );
  const customer = new Array<string>(rows.length);
  const day = new Int32Array(rows.length);
  const amount = new Float64Array(rows.length);
  let first = Infinity;
  let last = -Infinity;
  rows.forEach((row, i) => {
    customer[i] = row[0];
    day[i] = dayNumber(row[1]);
    amount[i] = row[2] ?? 0;
    if (day[i]! < first) first = day[i]!;
    if (day[i]! > last) last = day[i]!;
  });
  return { customer, day, amount, first, last };
}

type Kind = FitRequest['model'];

function fitPurchases(
  kind: Kind,
  summary: TransactionSummary,
  onEvaluation: () => void,
): { fit: FittedParameters<string>; predictor: BtydPredictor } {
  const grouped = groupSummaries(summary.customers);
  try {
    if (kind === 'bgnbd') {
      const fit = fitBgNbd(grouped, { onEvaluation });
      return { fit, predictor: bgnbdPredictor(fit.params) };
    }
    const fit = fitParetoNbd(grouped, { onEvaluation });
    return { fit, predictor: paretoNbdPredictor(fit.params) };
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('NOT_AVAILABLE', error instanceof Error ? error.message : String(error));
  }
}

export function predictorOf(kind: Kind, params: Record<string, number>): BtydPredictor {
  return kind === 'bgnbd'
    ? bgnbdPredictor(params as Parameters<typeof bgnbdPredictor>[0])
    : paretoNbdPredictor(params as Parameters<typeof paretoNbdPredictor>[0]);
}

function modelFit(fit: FittedParameters<string>): ModelFit {
  return {
    params: Object.entries(fit.params).map(([name, value]) => ({
      name,
      value,
      se: (fit.se as Record<string, number | null>)[name] ?? null,
    })),
    logLik: fit.logLik,
    converged: fit.converged,
    iterations: fit.iterations,
    starts: fit.starts,
    convergedStarts: fit.convergedStarts,
    warnings: fit.warnings,
  };
}

function fitSpend(customers: readonly CustomerValueSummary[], onEvaluation: () => void) {
  const x = Float64Array.from(customers, (c) => c.x);
  const zbar = Float64Array.from(customers, (c) => c.zbar);
  const correlation = spendFrequencyCorrelation(
    x.filter((v, i) => v > 0 && zbar[i]! > 0),
    zbar.filter((v, i) => v > 0 && x[i]! > 0),
  );
  try {
    const fit = fitGammaGamma({ x, zbar }, { onEvaluation });
    const { p, q, gamma } = fit.params;
    return {
      fit,
      result: {
        ...modelFit(fit),
        customers: correlation.n,
        populationMean: q > 1 ? (gamma * p) / (q - 1) : null,
        correlation: {
          pearson: Number.isFinite(correlation.pearson) ? correlation.pearson : null,
          n: correlation.n,
          warning: correlation.warning,
        },
      },
    };
  } catch (error) {
    if (error instanceof AppError) throw error; // a cancel, not a failed fit
    return { fit: null, error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Per-customer values and CLV for given settings. Customers sharing (x, t_x, T) share the model's
 * numbers, so those are computed once per distinct triple.
 */
export function customerValues(
  model: StoredValueModel,
  customers: readonly { customerId: string; x: number; tx: number; age: number; zbar: number }[],
  settings: ClvSettings,
): { rows: ValueScoreRow[]; summary: ClvSummary } {
  const predictor = predictorOf(model.kind, model.params);
  const horizon = (settings.horizonMonths * daysPerMonth) / model.unitDays;
  const cache = new Map<string, { pAlive: number; expected: number; discounted: number }>();
  const rows: ValueScoreRow[] = customers.map((c) => {
    const key = `${c.x}|${c.tx}|${c.age}`;
    let numbers = cache.get(key);
    if (!numbers) {
      numbers = {
        pAlive: predictor.pAlive(c.x, c.tx, c.age),
        expected: predictor.conditionalExpected(horizon, c.x, c.tx, c.age),
        discounted: discountedExpectedPurchases(
          (t: number) => predictor.conditionalExpected(t, c.x, c.tx, c.age),
          horizon,
          model.unitDays,
          settings.discount,
        ),
      };
      cache.set(key, numbers);
    }
    const spend = model.spend ? gammaGammaExpectedSpend(model.spend, c.x, c.zbar) : null;
    const clv =
      spend === null || !Number.isFinite(spend)
        ? null
        : btydClv({
            expectedPurchasesDiscounted: numbers.discounted,
            expectedSpend: spend,
            margin: settings.margin,
          });
    return {
      customerId: c.customerId,
      x: c.x,
      tx: c.tx,
      age: c.age,
      zbar: c.zbar,
      pAlive: numbers.pAlive,
      expectedPurchases: numbers.expected,
      expectedSpend: spend,
      clv,
      decile: null,
    };
  });
  // Deciles by CLV, ties broken by customer id so that the split does not depend on row order.
  const ranked = rows
    .map((row, index) => ({ row, index }))
    .filter(({ row }) => row.clv !== null)
    .sort((a, b) => a.row.clv! - b.row.clv! || (a.row.customerId < b.row.customerId ? -1 : 1));
  ranked.forEach(({ row }, rank) => (row.decile = Math.floor((rank * 10) / ranked.length) + 1));
  const deciles = Array.from({ length: 10 }, (_, d) => {
    const members = ranked.filter(({ row }) => row.decile === d + 1).map(({ row }) => row.clv!);
    return {
      decile: d + 1,
      customers: members.length,
      minClv: members.length ? members[0]! : 0,
      maxClv: members.length ? members[members.length - 1]! : 0,
      total: members.reduce((a, b) => a + b, 0),
    };
  });
  const total = ranked.reduce((sum, { row }) => sum + row.clv!, 0);
  return {
    rows,
    summary: {
      ...settings,
      customers: ranked.length,
      total,
      mean: ranked.length ? total / ranked.length : null,
      deciles,
    },
  };
}

const kindLabel: Record<Kind, string> = { bgnbd: 'BG/NBD', pareto: 'Pareto/NBD' };

export function fitValueModelTask(input: FitRequest, ctx: TaskContext): FitResult {
  const db = ctx.projects.get(input.project);
  // A fit on a large base can take seconds: Cancel is honoured between likelihood evaluations.
  const cancelCheck = () => ctx.checkCancelled();
  const steps = 7;
  const progress = (done: number, label: string) =>
    ctx.progress({ phase: 'fit', label, done, total: steps, unit: 'steps' });

  progress(0, 'Reading the transactions');
  const log = readTransactionLog(db);
  const calibrationEnd =
    input.calibrationEnd === undefined
      ? Math.floor((log.first + log.last) / 2)
      : dayNumber(input.calibrationEnd);
  if (calibrationEnd < log.first || calibrationEnd > log.last)
    throw new AppError(
      'INVALID_REQUEST',
      `The calibration end must lie within the purchases (${isoFromDay(log.first)} to ${isoFromDay(log.last)}).`,
      { calibrationEnd: input.calibrationEnd },
    );
  ctx.checkCancelled();

  progress(1, 'Summarising purchases per customer');
  const calibration = summarizeTransactions(log, { calibrationEnd, holdoutEnd: log.last, unit: input.unit });
  ctx.checkCancelled();

  progress(2, `Fitting ${kindLabel[input.model]} on the calibration period`);
  const purchases = fitPurchases(input.model, calibration, cancelCheck);
  ctx.checkCancelled();

  progress(3, 'Checking against the hold-out period');
  const unitDays = daysPerUnit[input.unit];
  const holdout =
    calibration.holdoutLength > 0
      ? holdoutByFrequency(purchases.predictor, calibration.customers, calibration.holdoutLength)
      : [];
  const repeats = repeatPurchasesByPeriod(log, {
    start: log.first,
    end: log.last,
    unit: input.unit,
    cohortEnd: calibrationEnd,
  });
  const tracking = cumulativeTracking(
    purchases.predictor,
    repeats.firstPeriods,
    repeats.repeatsByPeriod,
    (calibrationEnd - log.first + 1) / unitDays,
  );
  const ages = calibration.customers.map((c) => c.T).sort((a, b) => a - b);
  const typicalAge = ages[Math.floor(ages.length / 2)] ?? 0;
  const maxX = Math.max(5, Math.min(20, Math.max(...calibration.customers.map((c) => c.x))));
  const grid = frequencyRecencyGrid(purchases.predictor, typicalAge, maxX, 10, (13 * 7) / unitDays);
  const calibrationSpend = fitSpend(calibration.customers, cancelCheck);
  ctx.checkCancelled();

  progress(4, 'Refitting on all data for the customer predictions');
  const reuse = calibrationEnd === log.last || input.predictFrom === 'calibration';
  const everything = reuse
    ? calibration
    : summarizeTransactions(log, { calibrationEnd: log.last, holdoutEnd: log.last, unit: input.unit });
  const scoring = reuse ? purchases : fitPurchases(input.model, everything, cancelCheck);
  const scoringSpend = reuse ? calibrationSpend : fitSpend(everything.customers, cancelCheck);
  ctx.checkCancelled();

  progress(5, 'Computing P(alive), expected purchases and CLV');
  const stored: StoredValueModel = {
    kind: input.model,
    unit: input.unit,
    unitDays,
    params: scoring.fit.params,
    spend: scoringSpend.fit ? scoringSpend.fit.params : null,
  };
  const values = customerValues(
    stored,
    everything.customers.map((c) => ({ customerId: c.customer, x: c.x, tx: c.tx, age: c.T, zbar: c.zbar })),
    input.clv,
  );
  ctx.checkCancelled();

  const warnings = [...purchases.fit.warnings.map((w) => `Calibration fit: ${w}`)];
  if (calibration.holdoutLength === 0)
    warnings.push(
      'The calibration period runs to the last purchase: there is no hold-out to check the model against.',
    );
  if (!scoringSpend.fit)
    warnings.push(`No spend model, so no CLV: ${scoringSpend.error ?? 'the Gamma-Gamma fit failed'}.`);
  if (scoringSpend.result?.correlation.warning) warnings.push(scoringSpend.result.correlation.warning);

  progress(6, 'Saving');
  const createdAt = new Date().toISOString();
  const result = db.transaction((): FitResult => {
    const name = input.name ?? freeValueModelName(db, `${kindLabel[input.model]} ${createdAt.slice(0, 10)}`);
    const id = insertValueModel(db, {
      name,
      kind: input.model,
      createdAt,
      request: input,
      model: stored,
      stateToken: projectStateToken(db),
    });
    writeValueScores(db, id, values.rows);
    const fitResult: FitResult = {
      id,
      name,
      model: input.model,
      createdAt,
      unit: input.unit,
      unitDays,
      firstPurchase: isoFromDay(log.first),
      calibrationEnd: isoFromDay(calibrationEnd),
      holdoutEnd: isoFromDay(log.last),
      holdoutLength: calibration.holdoutLength,
      summaryNotes: summaryNotes(calibration, input.unit),
      predictFrom: input.predictFrom,
      predictedAt: isoFromDay(reuse ? calibrationEnd : log.last),
      customers: calibration.customers.length,
      repeatBuyers: calibration.customers.filter((c) => c.x > 0).length,
      excludedLateCustomers: calibration.excludedLateCustomers,
      mergedSameDayRows: calibration.mergedSameDayRows,
      fit: modelFit(purchases.fit),
      holdoutByFrequency: holdout,
      tracking,
      grid,
      scoringFit: modelFit(scoring.fit),
      spend: calibrationSpend.result ?? null,
      clv: values.summary,
      warnings,
    };
    writeValueResult(db, id, fitResult);
    return fitResult;
  })();
  progress(steps, 'Done');
  return result;
}

function summaryNotes(summary: TransactionSummary, unit: FitRequest['unit']): string[] {
  return [
    `Time is measured in ${unit}s from each customer's first purchase.`,
    `Several orders by one customer on one day count as one purchase (${summary.mergedSameDayRows.toLocaleString('en')} rows merged); x counts repeat purchase days.`,
    `Calibration: purchases up to ${isoFromDay(summary.calibrationEnd)}; hold-out: to ${isoFromDay(summary.holdoutEnd)} (${summary.holdoutLength.toFixed(1)} ${unit}s).`,
    summary.excludedLateCustomers > 0
      ? `${summary.excludedLateCustomers.toLocaleString('en')} customers whose first purchase came after the calibration end are not in the calibration fit.`
      : 'Every customer made the first purchase within the calibration period.',
  ];
}
