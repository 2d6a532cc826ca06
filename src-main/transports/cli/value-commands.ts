import type { RequestOf, ResponseOf } from '@shared/contract';
import type { ModelFit, ValueCustomer } from '@shared/contract/value';
import { UsageError } from './usage-error';

/** `tenure rfm`, `btyd`, `clv`, `gamma-gamma` and `sbg`: flags, requests, printed shapes and help. */

export const rfmFlags = { 'as-of': { type: 'string' } } as const;

export const btydFlags = {
  model: { type: 'string' },
  'calibration-end': { type: 'string' },
  unit: { type: 'string' },
  predictions: { type: 'boolean' },
  name: { type: 'string' },
} as const;

export const clvFlags = {
  model: { type: 'string' },
  'calibration-end': { type: 'string' },
  unit: { type: 'string' },
  margin: { type: 'string' },
  discount: { type: 'string' },
  horizon: { type: 'string' },
  out: { type: 'string' },
  name: { type: 'string' },
} as const;

export const gammaGammaFlags = { 'calibration-end': { type: 'string' }, unit: { type: 'string' } } as const;

export const sbgFlags = {
  survivors: { type: 'string' },
  discount: { type: 'string' },
  project: { type: 'string' },
  period: { type: 'string' },
  margin: { type: 'string' },
  periods: { type: 'string' },
} as const;

type Values<F> = { [K in keyof F]?: F[K] extends { type: 'boolean' } ? boolean : string };

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

function date(value: string | undefined, flag: string, command: string): string | undefined {
  if (value === undefined) return undefined;
  if (!isoDate.test(value))
    throw new UsageError(`--${flag} takes a date as YYYY-MM-DD, not "${value}".`, command);
  return value;
}

function share(value: string | undefined, flag: string, command: string): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number) || number < 0 || number > 1)
    throw new UsageError(`--${flag} takes a share from 0 to 1 (e.g. 0.3 for 30%), not "${value}".`, command);
  return number;
}

function whole(
  value: string | undefined,
  flag: string,
  command: string,
  min: number,
  max: number,
): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (value.trim() === '' || !Number.isInteger(number) || number < min || number > max)
    throw new UsageError(`--${flag} takes a whole number from ${min} to ${max}, not "${value}".`, command);
  return number;
}

function oneOf<T extends string>(
  value: string | undefined,
  allowed: readonly T[],
  flag: string,
  command: string,
): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value))
    throw new UsageError(`--${flag} takes ${allowed.join(' or ')}, not "${value}".`, command);
  return value as T;
}

export function rfmRequest(project: string, values: Values<typeof rfmFlags>): RequestOf<'value.rfm'> {
  const asOf = date(values['as-of'], 'as-of', 'rfm');
  return { project, ...(asOf === undefined ? {} : { asOf }) };
}

function fitBase(
  project: string,
  values: {
    model?: string | undefined;
    'calibration-end'?: string | undefined;
    unit?: string | undefined;
    name?: string | undefined;
  },
  command: string,
): RequestOf<'value.fit'> {
  const model = oneOf(values.model, ['bgnbd', 'pareto'] as const, 'model', command);
  const calibrationEnd = date(values['calibration-end'], 'calibration-end', command);
  const unit = oneOf(values.unit, ['day', 'week', 'month'] as const, 'unit', command);
  return {
    project,
    ...(model === undefined ? {} : { model }),
    ...(calibrationEnd === undefined ? {} : { calibrationEnd }),
    ...(unit === undefined ? {} : { unit }),
    ...(values.name === undefined ? {} : { name: values.name }),
  };
}

/** btyd and gamma-gamma report the calibration fit, so their predictions are as of the calibration end. */
export function btydRequest(project: string, values: Values<typeof btydFlags>): RequestOf<'value.fit'> {
  return { ...fitBase(project, values, 'btyd'), predictFrom: 'calibration' };
}

export function gammaGammaRequest(
  project: string,
  values: Values<typeof gammaGammaFlags>,
): RequestOf<'value.fit'> {
  return { ...fitBase(project, values, 'gamma-gamma'), predictFrom: 'calibration' };
}

export function clvRequest(project: string, values: Values<typeof clvFlags>): RequestOf<'value.fit'> {
  const margin = share(values.margin, 'margin', 'clv') ?? 0.3;
  const discount = share(values.discount, 'discount', 'clv') ?? 0.1;
  const horizonMonths = whole(values.horizon, 'horizon', 'clv', 1, 240) ?? 12;
  return { ...fitBase(project, values, 'clv'), clv: { margin, discount, horizonMonths } };
}

export function sbgRequest(
  values: Values<typeof sbgFlags>,
  resolvePath: (path: string) => string,
): RequestOf<'value.sbg'> {
  const discount = share(values.discount, 'discount', 'sbg') ?? 0.1;
  if (values.survivors !== undefined) {
    const survivors = values.survivors.split(',').map((part) => Number(part.trim()));
    if (survivors.length < 3 || survivors.some((n) => !Number.isFinite(n) || n < 0))
      throw new UsageError(
        `--survivors takes at least three counts ≥ 0 separated by commas (e.g. 1000,631,468), not "${values.survivors}".`,
        'sbg',
      );
    return { survivors, discount, projectPeriods: whole(values.periods, 'periods', 'sbg', 0, 60) ?? 5 };
  }
  if (values.project === undefined)
    throw new UsageError('sbg needs --survivors N0,N1,… or --project PROJECT.tenure.', 'sbg');
  const period = oneOf(values.period, ['month', 'year'] as const, 'period', 'sbg') ?? 'month';
  return {
    project: resolvePath(values.project),
    period,
    discount,
    margin: share(values.margin, 'margin', 'sbg') ?? 0.3,
    projectPeriods: whole(values.periods, 'periods', 'sbg', 0, 60) ?? 12,
  };
}

const record = (fit: ModelFit, pick: 'value' | 'se') =>
  Object.fromEntries(fit.params.map((p) => [p.name, p[pick]]));

/** The issue's `btyd` shape: {model, params, se, logLik, customers, predictions?} plus the fit's context. */
export function btydOutput(result: ResponseOf<'value.fit'>, predictions: readonly ValueCustomer[] | null) {
  return {
    model: result.model,
    params: record(result.fit, 'value'),
    se: record(result.fit, 'se'),
    logLik: result.fit.logLik,
    customers: result.customers,
    converged: result.fit.converged,
    unit: result.unit,
    calibrationEnd: result.calibrationEnd,
    holdoutEnd: result.holdoutEnd,
    repeatBuyers: result.repeatBuyers,
    warnings: result.warnings,
    holdoutByFrequency: result.holdoutByFrequency,
    savedAs: result.name,
    ...(predictions === null
      ? {}
      : {
          expectedOverMonths: result.clv.horizonMonths,
          predictions: predictions.map((c) => ({
            customer: c.customerId,
            x: c.x,
            tx: c.tx,
            T: c.T,
            pAlive: c.pAlive,
            expected: c.expectedPurchases,
          })),
        }),
  };
}

export function gammaGammaOutput(result: ResponseOf<'value.fit'>) {
  const spend = result.spend;
  if (spend === null) return { params: null, warnings: result.warnings };
  return {
    params: record(spend, 'value'),
    se: record(spend, 'se'),
    logLik: spend.logLik,
    customers: spend.customers,
    populationMean: spend.populationMean,
    correlation: spend.correlation,
    calibrationEnd: result.calibrationEnd,
    warnings: spend.warnings,
  };
}

/** The issue's `sbg` shape: {alpha, beta, logLik, projected: [S(0), S(1), …]} plus the details. */
export function sbgOutput(result: ResponseOf<'value.sbg'>) {
  return { ...result, projected: result.projected.map((p) => p.survival), table: result.projected };
}

// run.ts writes `clv --out` from these; the layout is shared with the app's export.

export const valueHelp = {
  rfm: `Usage: tenure rfm PROJECT.tenure [--as-of DATE]

RFM of every customer with transactions: recency (days since the last purchase), frequency (distinct
purchase days), monetary (total spend), 1–5 quintile scores and the named segment (Champions … Lost).
Stored in the project (the "RFM segment" column). Prints {asOf, customers, segments, grid, method}.

  --as-of DATE    score as of this date (default: the last purchase date)`,

  btyd: `Usage: tenure btyd PROJECT.tenure --model bgnbd|pareto [--calibration-end DATE] [--unit week] [--predictions]

Fits BG/NBD or Pareto/NBD on the calibration period (purchases up to DATE; several orders on one day
are one purchase) and checks it on the hold-out after it. Prints {model, params, se, logLik, customers,
holdoutByFrequency, …}; with --predictions also each customer's {customer, x, tx, T, pAlive, expected}
as of the calibration end (expected = purchases over the next 12 months). Saved in the project.

  --model M               bgnbd (default) or pareto
  --calibration-end DATE  end of the calibration period (default: half-way through the purchases)
  --unit U                week (default), day or month
  --predictions           add the per-customer predictions
  --name N                save the fit under this name`,

  clv: `Usage: tenure clv PROJECT.tenure [--margin 0.3] [--discount 0.1] [--horizon 12] [--model bgnbd|pareto] [--out FILE.csv]

Customer lifetime value: discounted expected margin over the horizon from BG/NBD (or Pareto/NBD)
and Gamma-Gamma spend, refitted on all purchases. Prints the CLV summary with deciles; --out writes
every customer (P(alive), expected purchases and spend, CLV, decile, RFM segment, risk tier).

  --margin M        margin on revenue, 0–1 (default 0.3)
  --discount D      annual discount rate, 0–1 (default 0.1)
  --horizon MONTHS  horizon in months (default 12)
  --calibration-end DATE, --unit U, --model M, --name N   as for btyd`,

  'gamma-gamma': `Usage: tenure gamma-gamma PROJECT.tenure [--calibration-end DATE] [--unit week]

Fits the Gamma-Gamma spend model on the calibration period's repeat buyers (mean repeat spend) and
prints {params: {p, q, gamma}, se, logLik, customers, populationMean, correlation}; the correlation of
frequency and mean spend checks the model's independence assumption.`,

  sbg: `Usage: tenure sbg --survivors N0,N1,N2,... [--discount 0.1] [--periods 5]
       tenure sbg --project PROJECT.tenure [--period month|year] [--margin 0.3] [--discount 0.1]

Fits the shifted-beta-geometric retention model (Fader & Hardie 2007) to a cohort's survivors (N0 =
cohort size) or to the project's customers (tenure in whole periods, churned or still active), and
prints {alpha, beta, logLik, projected: [S(0), S(1), …], del, derl, …}: projected survival, the
discounted expected lifetime (DEL) and residual lifetime (DERL), and with a project the value per
customer beside the naive ARPU × margin / churn formula.`,
} as const;
