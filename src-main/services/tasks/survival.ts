import type { CoxModel, SurvivalCurves, SurvivalUnit } from '@shared/contract/survival';
import { AppError } from '@shared/errors';
import { binIndex, binLabel, niceBins } from '../../engine/describe/nice-bins';
import { coxPh, type CoxTies } from '../../engine/survival/cox';
import { buildDesign, pickRows, type CovariateInput } from '../../engine/survival/design';
import { kaplanMeier, type ConfidenceType, type KaplanMeierFit } from '../../engine/survival/km';
import { logRank } from '../../engine/survival/logrank';
import type { TaskContext } from '../../jobs/task-context';
import type { Db } from '../../store/database';
import {
  customerTable,
  customersFrom,
  findColumn,
  noChurnInformation,
  type TableColumn,
} from '../../store/customer-queries';
import { daysPerUnit } from '../../store/customer-view';
import { segmentCondition, type SegmentCondition } from '../../store/segment';
import type { CustomerFilter } from '@shared/contract/customers';
import type { CustomerViewState } from '../../store/customer-view';

/** Days in one survival unit; months are 365.25 / 12 days, as a tenure column in months is stored. */
const unitDays: Record<SurvivalUnit, number> = { days: 1, months: daysPerUnit.months };

/**
 * Tenure in the chosen unit. A tenure column in months is stored as months × 365.25/12 days, so the
 * division back gives 5.000000000000001 instead of 5; such values are snapped to the integer (within
 * 1e-9 relative), because the Kaplan–Meier sweep compares times exactly and R sees integers.
 */
function toUnit(days: number, unit: SurvivalUnit): number {
  const value = days / unitDays[unit];
  const whole = Math.round(value);
  return Math.abs(value - whole) <= 1e-9 * Math.max(1, Math.abs(value)) ? whole : value;
}

interface SurvivalRows {
  time: Float64Array;
  event: Uint8Array;
  /** Per covariate key asked for, its raw values in the same rows. */
  values: Map<string, Array<string | number | null>>;
  excluded: SurvivalCurves['excluded'];
}

/** Customers with a known churn flag and tenure ≥ 0: their time, event and the asked columns. */
function readSurvivalRows(
  db: Db,
  columns: readonly TableColumn[],
  keys: readonly string[],
  unit: SurvivalUnit,
  segment: SegmentCondition,
): SurvivalRows {
  const counts = db
    .prepare(
      `SELECT COUNT(*) AS customers,
              SUM(CASE WHEN v.churned IS NULL THEN 1 ELSE 0 END) AS unknown_churn,
              SUM(CASE WHEN v.tenure_days IS NULL OR v.tenure_days < 0 THEN 1 ELSE 0 END) AS unknown_tenure,
              SUM(CASE WHEN v.churned IS NOT NULL AND v.tenure_days >= 0 THEN 1 ELSE 0 END) AS kept
       FROM customer_view v WHERE ${segment.sql}`,
    )
    .get(...segment.params) as {
    customers: number;
    unknown_churn: number | null;
    unknown_tenure: number | null;
    kept: number | null;
  };
  const selected = keys.map((key, index) => `${findColumn(columns, key).sql} AS c${index}`);
  const rows = db
    .prepare(
      `SELECT v.tenure_days AS days, v.churned AS churned${selected.map((sql) => `, ${sql}`).join('')}
       FROM ${customersFrom} WHERE v.churned IS NOT NULL AND v.tenure_days >= 0 AND ${segment.sql}`,
    )
    .raw()
    .all(...segment.params) as Array<Array<string | number | null>>;
  const time = new Float64Array(rows.length);
  const event = new Uint8Array(rows.length);
  const values = new Map(keys.map((key) => [key, new Array<string | number | null>(rows.length)]));
  rows.forEach((row, i) => {
    time[i] = toUnit(row[0] as number, unit);
    event[i] = row[1] ? 1 : 0;
    keys.forEach((key, k) => (values.get(key)![i] = row[2 + k] ?? null));
  });
  return {
    time,
    event,
    values,
    excluded: {
      customers: counts.customers - (counts.kept ?? 0),
      unknownChurn: counts.unknown_churn ?? 0,
      unknownTenure: counts.unknown_tenure ?? 0,
    },
  };
}

interface Grouping {
  /** Group code per row; -1 for none. */
  codes: Int32Array;
  labels: string[];
  /** The code of "(missing)", left out of the log-rank test as R's survdiff drops NA; -1 if none. */
  missing: number;
  description: string;
}

/**
 * One group per value (booleans Yes/No, numbers binned beyond maxGroups, categories pooled). Also cuts
 * retention cohorts by an attribute, so that both name their groups alike.
 */
export function groupRows(
  column: TableColumn,
  values: Array<string | number | null>,
  maxGroups: number,
): Grouping {
  const n = values.length;
  const codes = new Int32Array(n);
  const present = values.filter((value): value is string | number => value !== null);
  const hasMissing = present.length < n;
  const numeric = column.type === 'integer' || column.type === 'decimal';
  let labels: string[];
  let codeOf: (value: string | number) => number;
  let description = 'one curve per value';
  const distinct = [...new Set(present)];
  if (column.type === 'boolean') {
    labels = ['Yes', 'No'].filter((label) => distinct.includes(label === 'Yes' ? 1 : 0));
    codeOf = (value) => labels.indexOf(value === 1 ? 'Yes' : 'No');
  } else if (numeric && distinct.length > maxGroups) {
    let min = Infinity;
    let max = -Infinity;
    for (const value of present) {
      min = Math.min(min, value as number);
      max = Math.max(max, value as number);
    }
    const integer = column.type === 'integer';
    const bins = niceBins(min, max, maxGroups, integer);
    const used = new Set(present.map((value) => binIndex(bins, value as number)));
    const order = [...used].sort((a, b) => a - b);
    labels = order.map((index) => binLabel(bins, index, integer));
    codeOf = (value) => order.indexOf(binIndex(bins, value as number));
    description = `bins of ${bins.step}${column.unit ? ` ${column.unit}` : ''}`;
  } else if (column.type === 'date') {
    // Dates by month when there are few enough months, by year otherwise (a cohort per curve).
    const months = new Set(present.map((value) => String(value).slice(0, 7)));
    const length = months.size <= maxGroups ? 7 : 4;
    const periods = [...new Set(present.map((value) => String(value).slice(0, length)))].sort();
    labels = periods;
    const index = new Map(periods.map((period, i) => [period, i]));
    codeOf = (value) => index.get(String(value).slice(0, length))!;
    description = length === 7 ? 'by month' : 'by year';
  } else if (numeric) {
    const sorted = distinct.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    labels = sorted.map(String);
    const index = new Map(sorted.map((value, i) => [value, i]));
    codeOf = (value) => index.get(value)!;
  } else {
    const counts = new Map<string | number, number>();
    for (const value of present) counts.set(value, (counts.get(value) ?? 0) + 1);
    const byCount = [...counts.entries()].sort(
      (a, b) => b[1] - a[1] || String(a[0]).localeCompare(String(b[0])),
    );
    const shown = byCount.length <= maxGroups ? byCount : byCount.slice(0, maxGroups - 1);
    const index = new Map(shown.map(([value], i) => [value, i]));
    labels = shown.map(([value]) => String(value));
    if (shown.length < byCount.length) {
      const pooled = byCount.length - shown.length;
      labels.push(`Other (${pooled} values)`);
      description = `the ${shown.length} largest values; ${pooled} others pooled as "Other"`;
    }
    codeOf = (value) => index.get(value) ?? shown.length;
  }
  const missing = hasMissing ? labels.length : -1;
  if (hasMissing) labels.push('(missing)');
  values.forEach((value, i) => (codes[i] = value === null ? missing : codeOf(value)));
  return { codes, labels, missing, description };
}

/** Pointwise interval at t from the curve's columns: 1 before the first time, the last after the end. */
function intervalAt(fit: KaplanMeierFit, t: number): { lower: number | null; upper: number | null } {
  const { time, lower, upper } = fit.columns;
  let lo = 0;
  let hi = time.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((time[mid] as number) <= t) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (found < 0) return { lower: 1, upper: 1 };
  const finite = (value: number) => (Number.isFinite(value) ? value : null);
  return { lower: finite(lower[found] as number), upper: finite(upper[found] as number) };
}

function curve(
  key: string,
  time: Float64Array,
  event: Uint8Array,
  conf: ConfidenceType,
  times: number[],
  tau: number | null,
): SurvivalCurves['groups'][number] {
  if (time.length === 0) {
    return {
      key,
      n: 0,
      events: 0,
      points: [],
      median: { value: null, lower: null, upper: null },
      survivalAt: [],
      rmst: null,
    };
  }
  const fit = kaplanMeier(time, event, { conf });
  const survival = fit.survivalAt(times);
  const finite = (value: number | null) => (value !== null && Number.isFinite(value) ? value : null);
  return {
    key,
    n: fit.n,
    events: fit.events,
    points: fit.points.map((point) => ({ ...point, stdErr: finite(point.stdErr) })),
    median: fit.median,
    survivalAt: times.map((t, i) => ({ time: t, survival: survival[i] as number, ...intervalAt(fit, t) })),
    rmst: tau === null ? null : fit.rmst(tau),
  };
}

function definitionOf(state: CustomerViewState) {
  return {
    definition: state.applied?.summary ?? null,
    churnDefinition: state.applied,
    asOf: state.asOf,
  };
}

export function survivalCurvesTask(
  input: {
    project: string;
    groupBy?: string | undefined;
    conf: ConfidenceType;
    unit: SurvivalUnit;
    times?: number[] | undefined;
    tau?: number | undefined;
    maxGroups: number;
    filters?: readonly CustomerFilter[] | undefined;
  },
  ctx: TaskContext,
): SurvivalCurves {
  const db = ctx.projects.get(input.project);
  const { state, columns } = customerTable(db);
  if (!state.applied) throw noChurnInformation();
  const segment = segmentCondition(columns, input.filters ?? []);
  const column = input.groupBy === undefined ? null : findColumn(columns, input.groupBy);
  const rows = readSurvivalRows(db, columns, column ? [column.key] : [], input.unit, segment);
  const times =
    input.times ??
    [3, 6, 12, 24].map((months) =>
      input.unit === 'months' ? months : toUnit(months * unitDays.months, 'days'),
    );
  let longest = 0;
  for (const t of rows.time) longest = Math.max(longest, t);
  const tau = input.tau ?? (longest > 0 ? longest : null);
  const base = {
    ...definitionOf(state),
    unit: input.unit,
    conf: input.conf,
    excluded: rows.excluded,
  };

  if (!column) {
    return {
      ...base,
      groups: [curve('All customers', rows.time, rows.event, input.conf, times, tau)],
      logRank: null,
      groupBy: null,
    };
  }
  const grouping = groupRows(column, rows.values.get(column.key)!, input.maxGroups);
  const members = grouping.labels.map(() => [] as number[]);
  grouping.codes.forEach((code, i) => members[code]!.push(i));
  const groups = grouping.labels.map((label, code) => {
    const indices = Int32Array.from(members[code]!);
    const time = pickRows(rows.time, indices);
    const event = Uint8Array.from(indices, (i) => rows.event[i] as number);
    return curve(label, time, event, input.conf, times, tau);
  });

  // Log-rank over the customers with a value (R's survdiff drops NA groups).
  const tested = grouping.labels.length - (grouping.missing >= 0 ? 1 : 0);
  let test: SurvivalCurves['logRank'] = null;
  if (tested >= 2) {
    const kept: number[] = [];
    grouping.codes.forEach((code, i) => {
      if (code !== grouping.missing) kept.push(i);
    });
    const keep = Int32Array.from(kept);
    const result = logRank(
      pickRows(rows.time, keep),
      Uint8Array.from(keep, (i) => rows.event[i] as number),
      Int32Array.from(keep, (i) => grouping.codes[i] as number),
      tested,
    );
    test = { chisq: result.chisq, df: result.df, p: result.p };
  }
  return {
    ...base,
    groups,
    logRank: test,
    groupBy: { key: column.key, name: column.name, grouping: grouping.description },
  };
}

/** Most levels a categorical covariate may have (each level but the reference is one term). */
const maxCoxLevels = 50;

export function coxModelTask(
  input: {
    project: string;
    covariates: string[];
    references?: Record<string, string> | undefined;
    ties: CoxTies;
    unit: SurvivalUnit;
    filters?: readonly CustomerFilter[] | undefined;
  },
  ctx: TaskContext,
): CoxModel {
  const db = ctx.projects.get(input.project);
  const { state, columns } = customerTable(db);
  if (!state.applied) throw noChurnInformation();
  const segment = segmentCondition(columns, input.filters ?? []);
  const keys = [...new Set(input.covariates)];
  const chosen = keys.map((key) => findColumn(columns, key));
  for (const key of Object.keys(input.references ?? {}))
    if (!keys.includes(key))
      throw new AppError('INVALID_REQUEST', `A reference is given for "${key}", which is not a covariate.`);
  const rows = readSurvivalRows(db, columns, keys, input.unit, segment);
  const covariates: CovariateInput[] = chosen.map((column) => {
    const values = rows.values.get(column.key)!;
    if (column.type === 'integer' || column.type === 'decimal' || column.type === 'boolean')
      return { name: column.name, kind: 'numeric', values: values as Array<number | null> };
    if (column.type === 'date')
      throw new AppError(
        'NOT_AVAILABLE',
        `"${column.name}" is a date; a Cox model takes numbers and categories.`,
      );
    const level = input.references?.[column.key];
    // One term per level: a category with hundreds of levels (an id, a free-text column) is no covariate.
    const levels = new Set(values.filter((value) => value !== null)).size;
    if (levels > maxCoxLevels)
      throw new AppError(
        'NOT_AVAILABLE',
        `"${column.name}" has ${levels} different values; a Cox model takes categories of at most ${maxCoxLevels}.`,
      );
    return {
      name: column.name,
      kind: 'categorical',
      values: values.map((value) => (value === null ? null : String(value))),
      ...(level === undefined ? {} : { reference: { level } }),
    };
  });
  let design;
  try {
    design = buildDesign(covariates);
  } catch (error) {
    throw new AppError('INVALID_REQUEST', (error as Error).message);
  }
  if (design.rows.length === 0)
    throw new AppError('NOT_AVAILABLE', 'No customer has a known churn, tenure and every covariate.');
  const time = pickRows(rows.time, design.rows);
  const event = Uint8Array.from(design.rows, (i) => rows.event[i] as number);
  const fit = coxPh(time, event, design.matrix, design.terms, {
    ties: input.ties,
    categories: design.categories,
  });
  const warnings = fit.warnings.map((warning) => warning.message);
  for (const missing of design.missing)
    if (missing.rows > 0)
      warnings.push(`${missing.rows} customers without a value of "${missing.covariate}" left out.`);
  return {
    coefficients: fit.coefficients,
    logLik: fit.logLik,
    nullLogLik: fit.nullLogLik,
    likelihoodRatio: fit.likelihoodRatio,
    concordance: fit.concordance,
    n: fit.n,
    events: fit.events,
    dropped: rows.excluded.customers + design.droppedRows,
    references: Object.fromEntries(
      design.categories.map((category) => [category.covariate, category.reference]),
    ),
    ties: fit.ties,
    converged: fit.converged,
    warnings,
    ...definitionOf(state),
    unit: input.unit,
  };
}
