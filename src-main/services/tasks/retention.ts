import type { ChurnOverTimeResponse, CohortsResponse } from '@shared/contract/retention';
import { AppError } from '@shared/errors';
import {
  churnKpi,
  churnOverTime,
  type CustomerLifetime,
  type SamePeriodChurnConvention,
} from '../../engine/retention/churn-over-time';
import { cohortRetention, type CohortMember } from '../../engine/retention/cohorts';
import type { PeriodUnit } from '../../engine/retention/periods';
import type { TaskContext } from '../../jobs/task-context';
import { ensureCustomerView } from '../../store/customer-view';

const noDates = () =>
  new AppError(
    'NOT_AVAILABLE',
    'Churn over time and cohorts need dates: import start dates, subscriptions or transactions.',
  );

/**
 * retention.churnOverTime: one lifetime per customer of the customer view, from its first activity to
 * its churn date when the applied definition says it churned (still active otherwise), cut by period.
 */
export function churnOverTimeTask(
  input: { project: string; period: PeriodUnit; samePeriodChurn: SamePeriodChurnConvention },
  ctx: TaskContext,
): ChurnOverTimeResponse {
  const db = ctx.projects.get(input.project);
  const state = ensureCustomerView(db);
  if (!state.applied) {
    throw new AppError(
      'NOT_AVAILABLE',
      'This project has no churn information: import a churned flag, end dates, subscriptions or transactions.',
    );
  }
  const asOf = state.asOf;
  if (asOf === null) throw noDates();
  const rows = db
    .prepare(
      `SELECT substr(first_activity, 1, 10), churned, substr(churn_date, 1, 10) FROM customer_view
       WHERE churned IS NOT NULL`,
    )
    .raw()
    .all() as [string | null, number, string | null][];
  const lifetimes: CustomerLifetime[] = [];
  let withoutStart = 0;
  for (const [start, churned, churnDate] of rows) {
    if (start === null) {
      withoutStart++;
      continue;
    }
    // A churned customer without a churn date cannot be placed in a period: treated as still active.
    const churn = churned === 1 && churnDate !== null && churnDate >= start ? churnDate : null;
    lifetimes.push({ start, churn });
  }
  if (lifetimes.length === 0) throw noDates();
  const result = churnOverTime(lifetimes, {
    period: input.period,
    asOf,
    samePeriodChurn: input.samePeriodChurn,
  });
  return {
    period: result.period,
    samePeriodChurn: result.samePeriodChurn,
    periods: result.periods,
    kpi: churnKpi(result.periods, 'churnRate'),
    customers: rows.length,
    withoutStart,
    basis: 'each customer from the first activity to the churn date (still active when not churned)',
    definition: state.applied,
    asOf,
  };
}

const definitionTexts = {
  'active-in-period': 'retained at k = has activity in period k after the start period (N-period retention)',
  'active-in-period-or-later': 'retained at k = last activity in period k or later (unbounded retention)',
} as const;

/**
 * retention.cohorts: customers by the period of their first activity; activity = order dates when the
 * project has transactions. Without them the only activity known is the span up to the churn date
 * (as-of for customers still active), which supports "active in period k or later" only.
 */
export function cohortsTask(
  input: { project: string; period: PeriodUnit; definition: keyof typeof definitionTexts },
  ctx: TaskContext,
): CohortsResponse {
  const db = ctx.projects.get(input.project);
  const state = ensureCustomerView(db);
  const asOf = state.asOf;
  if (asOf === null) throw noDates();
  const fromTransactions = state.rows.transactions > 0;
  if (!fromTransactions && input.definition === 'active-in-period') {
    throw new AppError(
      'NOT_AVAILABLE',
      'Activity per period needs transactions (order dates); without them only "active in period k or later" (up to the churn date) is available.',
    );
  }
  const members: CohortMember[] = [];
  if (fromTransactions) {
    // Orders after as-of are not known yet; the cohort is the period of the first order.
    const rows = db
      .prepare(
        `SELECT customer_id, substr(date, 1, 10) AS day FROM transactions
         WHERE substr(date, 1, 10) <= ? GROUP BY customer_id, day ORDER BY customer_id, day`,
      )
      .raw()
      .all(asOf) as [string, string][];
    let current: CohortMember | null = null;
    let currentId: string | null = null;
    for (const [id, day] of rows) {
      if (id !== currentId) {
        current = { start: day, activity: [] };
        currentId = id;
        members.push(current);
      }
      (current as CohortMember).activity.push(day);
    }
  } else {
    const rows = db
      .prepare(
        `SELECT substr(first_activity, 1, 10), churned, substr(churn_date, 1, 10) FROM customer_view
         WHERE first_activity IS NOT NULL AND substr(first_activity, 1, 10) <= ?`,
      )
      .raw()
      .all(asOf) as [string, number | null, string | null][];
    for (const [start, churned, churnDate] of rows) {
      const last = churned === 1 && churnDate !== null && churnDate >= start ? churnDate : asOf;
      members.push({ start, activity: [last] });
    }
  }
  if (members.length === 0) throw noDates();
  const result = cohortRetention(members, { period: input.period, asOf });
  const orLater = input.definition === 'active-in-period-or-later';
  return {
    period: result.period,
    definition: input.definition,
    definitionText: definitionTexts[input.definition],
    activity: fromTransactions ? 'transactions' : 'churn-date',
    cohorts: result.cohorts.map((cohort) => ({
      key: cohort.key,
      size: cohort.size,
      cells: cohort.cells.map((cell) => ({
        k: cell.k,
        retained: orLater ? cell.activeOrLater : cell.active,
        share: orLater ? cell.shareOrLater : cell.share,
        complete: cell.complete,
      })),
    })),
    average: result.average.map((point) => ({
      k: point.k,
      cohorts: point.cohorts,
      customers: point.customers,
      share: orLater ? point.shareOrLater : point.share,
    })),
    churnDefinition: state.applied,
    asOf,
  };
}
