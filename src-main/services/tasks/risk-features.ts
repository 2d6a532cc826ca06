import type { CustomerFilter } from '@shared/contract/customers';
import type { RiskFeature, RiskFeatures, RiskTarget, TargetDescription } from '@shared/contract/risk';
import { AppError } from '@shared/errors';
import type { FeatureColumn } from '../../engine/model/design';
import type { TaskContext } from '../../jobs/task-context';
import {
  customerTable,
  customersFrom,
  noChurnInformation,
  type TableColumn,
} from '../../store/customer-queries';
import { addDays, monthlyMrrSql, type CustomerViewState } from '../../store/customer-view';
import type { Db } from '../../store/database';
import { segmentCondition, type SegmentCondition } from '../../store/segment';

/**
 * The rows, labels and feature columns of a churn-risk model, with the leakage guard.
 *
 * Target `flag` (a snapshot table such as telco): every customer with a known churned flag is a row;
 * label = the view's churned. Features are read from the customer view as they are: the attributes,
 * the tenure column (a snapshot's tenure is the standard feature: it is measured at the same time as
 * the flag), and the order and NPS columns. Excluded: the flag and churn date (the target), the end
 * date (set when a customer leaves), dates, id-like columns, and the derived columns computed up to
 * the churn date or the as-of date in a way that encodes the churn (tenure in days, the last activity,
 * days since the last order, current MRR, the 90-day ticket counts).
 *
 * Target `horizon` (data with dates): features as of a cut-off date, label = churn date in
 * (cut-off, cut-off + H]. Rows: customers with a known churn whose first activity is on or before the
 * cut-off and who had not churned by it (a churned customer without a churn date cannot be placed in
 * time and is left out). Computed as of the cut-off only:
 *   - tenure at the cut-off: days from the first activity to the cut-off;
 *   - with transactions: orders (rows) dated on or before the cut-off, their amount, and days from the
 *     last such order to the cut-off (missing without one: imputed, with an indicator);
 *   - with subscriptions: the monthly MRR of the subscriptions open at the cut-off (started on or
 *     before it, ended after it or not at all) and how many are open;
 *   - the attributes, assumed not to change over time (a customer file has one value per customer).
 * Everything the view computes at the as-of date (tenure, last activity, order counts, current MRR,
 * 90-day counts) is excluded: it includes what happened after the cut-off.
 *
 * Scoring uses the same definitions with the cut-off at the as-of date, on the customers active then.
 */

/** Categories with more levels than this are id-like (a free-text column, an email): not a feature. */
export const maxCategoryLevels = 50;

export interface FeatureSource extends RiskFeature {
  /** SQL over `customersFrom`, with `?` placeholders bound by `params` in order. */
  sql: string;
  params: unknown[];
}

export interface RiskDesignSpec {
  state: CustomerViewState;
  target: RiskTarget;
  /** The cut-off the features are computed at (horizon), null for the flag target. */
  cutoff: string | null;
  candidates: FeatureSource[];
  excluded: RiskFeatures['excluded'];
  segment: SegmentCondition;
}

const derivedExclusions: Record<string, string> = {
  is_churned: 'the churn flag: the target itself',
  churn_date: 'the churn date: known only once a customer has churned',
  first_activity: 'a date (its information is in the tenure)',
  last_activity: 'the last activity: at or after the churn for churned customers',
  tenure_days: 'runs to the churn date for churned customers (derived from it)',
  current_mrr: 'zero once a customer has churned (derived from the churn)',
  first_order: 'a date (its information is in the orders)',
  last_order: 'the last order: it is (non-contractual churn) or precedes the churn date',
  days_since_last_order: 'counts from the last order, which defines non-contractual churn',
  tickets_90d: 'counted in the 90 days before the as-of date, after churned customers have left',
  complaints_90d: 'counted in the 90 days before the as-of date, after churned customers have left',
};

/** Attributes (and the tenure column for a snapshot target): features, or excluded with a reason. */
function customerFileFeatures(
  db: Db,
  columns: readonly TableColumn[],
  horizon: boolean,
): { candidates: FeatureSource[]; excluded: RiskFeatures['excluded'] } {
  const candidates: FeatureSource[] = [];
  const excluded: RiskFeatures['excluded'] = [];
  for (const column of columns) {
    const exclude = (reason: string) => excluded.push({ key: column.key, name: column.name, reason });
    if (column.role === 'derived') continue;
    switch (column.role) {
      case 'id':
        exclude('the customer id');
        continue;
      case 'churned':
        exclude('the churn flag: the target itself');
        continue;
      case 'end':
        exclude('the end date: set when a customer leaves');
        continue;
      case 'start':
        exclude('a date (its information is in the tenure)');
        continue;
      case 'tenure':
        if (horizon) exclude('measured at the as-of date, not at the cut-off');
        else
          candidates.push({
            key: column.key,
            name: column.name,
            kind: 'numeric',
            source: 'the tenure column (measured with the flag, as in a snapshot table)',
            sql: column.sql,
            params: [],
          });
        continue;
      default:
        break;
    }
    if (column.type === 'date') {
      exclude('a date (not used as a feature)');
      continue;
    }
    const numeric = column.type === 'integer' || column.type === 'decimal' || column.type === 'boolean';
    if (!numeric) {
      // column.sql is our own generated attribute name, never user text.
      const levels = db
        .prepare(`SELECT COUNT(DISTINCT ${column.sql}) FROM ${customersFrom}`)
        .pluck()
        .get() as number;
      if (levels > maxCategoryLevels) {
        exclude(`id-like: ${levels} different values (a category may have at most ${maxCategoryLevels})`);
        continue;
      }
    }
    candidates.push({
      key: column.key,
      name: column.name,
      kind: numeric ? 'numeric' : 'categorical',
      source: 'attribute',
      sql: column.sql,
      params: [],
    });
  }
  return { candidates, excluded };
}

/** Features computed as of the cut-off (see the module comment). */
function asOfCutoffFeatures(state: CustomerViewState, cutoff: string): FeatureSource[] {
  const next = addDays(cutoff, 1);
  const features: FeatureSource[] = [
    {
      key: 'tenure_at_cutoff',
      name: 'Tenure so far (days)',
      kind: 'numeric',
      source: 'days from the first activity to the cut-off (training) or the as-of date (scoring)',
      sql: 'julianday(?) - julianday(v.first_activity)',
      params: [cutoff],
    },
  ];
  if (state.rows.transactions > 0) {
    features.push(
      {
        key: 'orders_at_cutoff',
        name: 'Orders so far',
        kind: 'numeric',
        source: 'orders dated on or before the cut-off (training) or the as-of date (scoring)',
        sql: '(SELECT COUNT(*) FROM transactions x WHERE x.customer_id = v.customer_id AND x.date < ?)',
        params: [next],
      },
      {
        key: 'revenue_at_cutoff',
        name: 'Revenue so far',
        kind: 'numeric',
        source: 'amount of the orders dated on or before the cut-off (training) or the as-of date (scoring)',
        sql: '(SELECT COALESCE(SUM(x.amount), 0) FROM transactions x WHERE x.customer_id = v.customer_id AND x.date < ?)',
        params: [next],
      },
      {
        key: 'days_since_order_at_cutoff',
        name: 'Recency (days)',
        kind: 'numeric',
        source: 'days from the last order to the cut-off (training) or the as-of date (scoring)',
        sql: 'julianday(?) - julianday((SELECT substr(MAX(x.date), 1, 10) FROM transactions x WHERE x.customer_id = v.customer_id AND x.date < ?))',
        params: [cutoff, next],
      },
    );
  }
  if (state.rows.subscriptions > 0) {
    const open =
      's.customer_id = v.customer_id AND s.start_date < ? AND (s.end_date IS NULL OR s.end_date >= ?)';
    features.push(
      {
        key: 'mrr_at_cutoff',
        name: 'Open MRR',
        kind: 'numeric',
        source: 'monthly MRR of the subscriptions open at the cut-off (training) or the as-of date (scoring)',
        sql: `(SELECT COALESCE(SUM(${monthlyMrrSql('s.')}), 0) FROM subscriptions s WHERE ${open})`,
        params: [next, next],
      },
      {
        key: 'subscriptions_at_cutoff',
        name: 'Open subscriptions',
        kind: 'numeric',
        source: 'subscriptions open at the cut-off (training) or the as-of date (scoring)',
        sql: `(SELECT COUNT(*) FROM subscriptions s WHERE ${open})`,
        params: [next, next],
      },
    );
  }
  return features;
}

/** Candidates, exclusions, the cut-off and the segment for a target (no rows read yet). */
/**
 * Days between a churn date and the as-of date before that churn can be seen. A shop customer counts as
 * churned only after more than `inactivityDays` without an order (the churn date is the last order), a
 * subscriber once the grace period after the last end has passed; so a churn date later than
 * as-of − delay is not yet visible, and a horizon window ending after it would read every churner in
 * its last days as staying (the CDNOW log with 90 days before its as-of date had no churner at all).
 */
function observationDelay(applied: NonNullable<CustomerViewState['applied']>): number {
  if (applied.definition.kind === 'non-contractual') return (applied.inactivityDays ?? 0) + 1;
  if (applied.definition.kind === 'contractual') return applied.graceDays ?? 0;
  return 0;
}

/** Why the window ends well before the as-of date, when the churn definition delays what can be seen. */
function delayNote(state: CustomerViewState): string {
  const delay = state.applied ? observationDelay(state.applied) : 0;
  if (delay === 0 || state.asOf === null) return '';
  return ` A churn shows only ${delay} days after its date, so the window ends by ${addDays(state.asOf, -delay)}, not at the as-of date ${state.asOf}: later churners would still look active.`;
}

export function riskDesignSpec(
  db: Db,
  target: RiskTarget,
  filters: readonly CustomerFilter[],
  options: { scoring?: boolean } = {},
): RiskDesignSpec {
  const { state, columns } = customerTable(db);
  if (!state.applied) throw noChurnInformation();
  const segment = segmentCondition(columns, filters);
  const horizon = target.kind === 'horizon';
  const { candidates, excluded } = customerFileFeatures(db, columns, horizon);
  let cutoff: string | null = null;
  for (const column of columns) {
    if (column.role !== 'derived') continue;
    if (column.leakage !== undefined) {
      // A model's own output (risk score and tier): never a feature of the next model.
      excluded.push({ key: column.key, name: column.name, reason: column.leakage });
      continue;
    }
    if (horizon)
      excluded.push({
        key: column.key,
        name: column.name,
        reason: derivedExclusions[column.key]?.startsWith('the churn')
          ? (derivedExclusions[column.key] as string)
          : 'computed at the as-of date: includes what happened after the cut-off',
      });
    else if (derivedExclusions[column.key])
      excluded.push({ key: column.key, name: column.name, reason: derivedExclusions[column.key] as string });
    else
      candidates.push({
        key: column.key,
        name: column.name,
        kind: 'numeric',
        source: column.description ?? 'the customer view',
        sql: column.sql,
        params: [],
      });
  }
  if (target.kind === 'horizon') {
    const hasDates = columns.some((column) => column.key === 'churn_date');
    if (!hasDates || state.asOf === null)
      throw new AppError(
        'NOT_AVAILABLE',
        'Churn within a horizon needs dated data (start and end dates, subscriptions or transactions); use the churned flag as the target instead.',
      );
    if (options.scoring) cutoff = state.asOf;
    else {
      const delay = observationDelay(state.applied);
      const lastKnown = addDays(state.asOf, -delay);
      cutoff = target.cutoff ?? addDays(lastKnown, -target.horizonDays);
      if (addDays(cutoff, target.horizonDays) > lastKnown)
        throw new AppError(
          'INVALID_REQUEST',
          delay === 0
            ? `The cut-off ${cutoff} plus ${target.horizonDays} days goes past the as-of date ${state.asOf}: the outcome is not known yet. Use a cut-off on or before ${addDays(lastKnown, -target.horizonDays)}.`
            : `The cut-off ${cutoff} plus ${target.horizonDays} days goes past ${lastKnown}: a churn after that date cannot be seen yet at the as-of date ${state.asOf} (${state.applied.summary}). Use a cut-off on or before ${addDays(lastKnown, -target.horizonDays)}.`,
          { cutoff, asOf: state.asOf, lastKnown },
        );
    }
    candidates.push(...asOfCutoffFeatures(state, cutoff));
  }
  return { state, target, cutoff, candidates, excluded, segment };
}

export interface RiskRows {
  ids: string[];
  /** 0/1 labels (training); all 0 when scoring. */
  y: Float64Array;
  /** One column per chosen feature, named by the feature's name, in the order of `features`. */
  columns: FeatureColumn[];
  features: FeatureSource[];
  /** The value of each row for revenue at risk (scoring), or null. */
  value: Array<number | null>;
  target: TargetDescription;
}

/** Reads the training rows (or, with `scoring`, the active customers) and the chosen features. */
export function readRiskRows(
  db: Db,
  spec: RiskDesignSpec,
  features: readonly FeatureSource[],
  options: { scoring?: boolean; valueSql?: string | null } = {},
): RiskRows {
  const { target, cutoff, segment, state } = spec;
  const where: string[] = [segment.sql];
  const whereParams: unknown[] = [...segment.params];
  let label = 'v.churned';
  const labelParams: unknown[] = [];
  const leftOut: TargetDescription['leftOut'] = [];
  const count = (sql: string, params: unknown[]) =>
    db
      .prepare(`SELECT COUNT(*) FROM customer_view v WHERE ${segment.sql} AND ${sql}`)
      .pluck()
      .get(...segment.params, ...params) as number;

  if (options.scoring) {
    where.push('v.churned = 0');
    if (cutoff !== null) {
      where.push('v.first_activity <= ?');
      whereParams.push(cutoff);
    }
    label = '0';
  } else if (target.kind === 'flag') {
    where.push('v.churned IS NOT NULL');
    const unknown = count('v.churned IS NULL', []);
    if (unknown > 0) leftOut.push({ reason: 'churned or not is unknown', customers: unknown });
  } else {
    const c = cutoff as string;
    const end = addDays(c, target.horizonDays);
    const known = 'v.churned IS NOT NULL AND NOT (v.churned = 1 AND v.churn_date IS NULL)';
    const active = `${known} AND v.first_activity <= ? AND (v.churn_date IS NULL OR v.churn_date > ?)`;
    where.push(active);
    whereParams.push(c, c);
    label = 'CASE WHEN v.churn_date IS NOT NULL AND v.churn_date <= ? THEN 1 ELSE 0 END';
    labelParams.push(end);
    const unknown = count(`NOT (${known})`, []);
    if (unknown > 0)
      leftOut.push({
        reason: 'churned or not is unknown, or churned without a churn date',
        customers: unknown,
      });
    const later = count(`${known} AND (v.first_activity IS NULL OR v.first_activity > ?)`, [c]);
    if (later > 0) leftOut.push({ reason: `no activity on or before the cut-off ${c}`, customers: later });
    const gone = count(`${known} AND v.first_activity <= ? AND v.churn_date <= ?`, [c, c]);
    if (gone > 0) leftOut.push({ reason: `churned on or before the cut-off ${c}`, customers: gone });
  }
  const selected = features.map((feature, i) => `, ${feature.sql} AS f${i}`).join('');
  const featureParams = features.flatMap((feature) => feature.params);
  const valueSql = options.valueSql ?? 'NULL';
  const rows = db
    .prepare(
      `SELECT v.customer_id, ${label} AS label, ${valueSql} AS value${selected}
       FROM ${customersFrom} WHERE ${where.join(' AND ')} ORDER BY v.row`,
    )
    .raw()
    .all(...labelParams, ...featureParams, ...whereParams) as Array<Array<string | number | null>>;
  const ids = rows.map((row) => String(row[0]));
  const y = Float64Array.from(rows, (row) => (row[1] ? 1 : 0));
  const value = rows.map((row) => (typeof row[2] === 'number' ? row[2] : null));
  const columns: FeatureColumn[] = features.map((feature, f) =>
    feature.kind === 'numeric'
      ? {
          name: feature.name,
          kind: 'numeric',
          values: rows.map((row) => {
            const v = row[3 + f];
            return typeof v === 'number' ? v : v === null || v === undefined ? null : Number(v);
          }),
        }
      : {
          name: feature.name,
          kind: 'categorical',
          values: rows.map((row) => {
            const v = row[3 + f];
            return v === null || v === undefined ? null : String(v);
          }),
        },
  );
  let positives = 0;
  for (const label of y) positives += label;
  return {
    ids,
    y,
    columns,
    features: [...features],
    value,
    target: describeTarget(target, state, cutoff, ids.length, positives, leftOut),
  };
}

function describeTarget(
  target: RiskTarget,
  state: CustomerViewState,
  cutoff: string | null,
  rows: number,
  positives: number,
  leftOut: TargetDescription['leftOut'],
): TargetDescription {
  const definition = state.applied?.summary ?? 'the churn definition';
  const description =
    target.kind === 'flag'
      ? `The churned flag of each customer (${definition}): a snapshot target, for a table that records who has left. Every feature is read as the customer view holds it; columns that encode the churn are excluded.`
      : `Churn within ${target.horizonDays} days after ${cutoff}: the customers active on ${cutoff}, labelled 1 when their churn date falls in (${cutoff}, ${addDays(cutoff as string, target.horizonDays)}] (${definition.replace(/\.$/, '')}). Features are computed from what was known on ${cutoff} only.${delayNote(state)}`;
  return {
    kind: target.kind,
    description,
    cutoff,
    horizonDays: target.kind === 'horizon' ? target.horizonDays : null,
    asOf: state.asOf,
    rows,
    positives,
    leftOut,
  };
}

/** The chosen features: all candidates by default; an excluded or unknown key is refused. */
export function chooseFeatures(spec: RiskDesignSpec, keys: readonly string[] | undefined): FeatureSource[] {
  if (keys === undefined) return spec.candidates;
  return [...new Set(keys)].map((key) => {
    const found = spec.candidates.find((candidate) => candidate.key === key || candidate.name === key);
    if (found) return found;
    const excluded = spec.excluded.find((entry) => entry.key === key || entry.name === key);
    if (excluded)
      throw new AppError('INVALID_REQUEST', `"${excluded.name}" cannot be a feature: ${excluded.reason}.`, {
        key,
      });
    throw new AppError('NOT_FOUND', `There is no feature "${key}".`, {
      key,
      features: spec.candidates.map((candidate) => candidate.key),
    });
  });
}

/** risk.features (queries worker). */
export function riskFeaturesTask(
  input: { project: string; target: RiskTarget; filters?: readonly CustomerFilter[] | undefined },
  ctx: TaskContext,
): RiskFeatures {
  const db = ctx.projects.get(input.project);
  const spec = riskDesignSpec(db, input.target, input.filters ?? []);
  const rows = readRiskRows(db, spec, []);
  return {
    target: rows.target,
    features: spec.candidates.map(({ key, name, kind, source }) => ({ key, name, kind, source })),
    excluded: spec.excluded,
  };
}
