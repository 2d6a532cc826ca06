import type { CustomerFilter } from '@shared/contract/customers';
import { defaultBrackets, type CohortsResponse } from '@shared/contract/retention';
import { AppError } from '@shared/errors';
import { cohortRetention, type CohortMember } from '../../engine/retention/cohorts';
import {
  dayNumber,
  isoFromDay,
  periodIndex,
  periodStartDay,
  type PeriodUnit,
} from '../../engine/retention/periods';
import { revenueRetention } from '../../engine/retention/revenue-cohorts';
import type { TaskContext } from '../../jobs/task-context';
import type { Db } from '../../store/database';
import { customerTable, customersFrom, type TableColumn } from '../../store/customer-queries';
import { segmentCondition, type SegmentCondition } from '../../store/segment';
import { emptySegment, noDates, readSubscriptions } from './retention-data';
import { groupRows } from './survival';

type Definition = CohortsResponse['definition'];
type Cohort = CohortsResponse['cohorts'][number];
type AveragePoint = CohortsResponse['average'][number];

export interface CohortsInput {
  project: string;
  period: PeriodUnit;
  definition: Definition;
  measure?: CohortsResponse['measure'] | undefined;
  by?: string | undefined;
  brackets?: [number, number][] | undefined;
  filters?: readonly CustomerFilter[] | undefined;
}

const definitionTexts: Record<Definition, string> = {
  'active-in-period': 'retained at k = has activity in period k after the start period (N-period retention)',
  'active-in-period-or-later': 'retained at k = last activity in period k or later (unbounded retention)',
  'active-in-bracket': 'retained in a bracket of periods = has activity in some period of the bracket',
};

const revenueText =
  "the cohort's MRR at the end of period k over its MRR at the end of the start period (net revenue retention)";

/** Cohorts cut by an attribute have at most this many values (the rest pooled as "Other"). */
const maxAttributeCohorts = 12;

function checkBrackets(brackets: [number, number][]): void {
  let previous = 0;
  for (const [from, to] of brackets) {
    if (from > to || from <= previous) {
      throw new AppError(
        'INVALID_REQUEST',
        `Brackets must be increasing ranges of periods that do not overlap (got ${brackets.map(([a, b]) => `${a}-${b}`).join(', ')}).`,
      );
    }
    previous = to;
  }
}

/** Cohort per customer id from an attribute's value, grouped as the survival curves group it. */
function attributeCohorts(
  db: Db,
  column: TableColumn,
  segment: SegmentCondition,
): { cohortOf: Map<string, string>; order: string[]; grouping: string } {
  const rows = db
    .prepare(`SELECT v.customer_id, ${column.sql} FROM ${customersFrom} WHERE ${segment.sql}`)
    .raw()
    .all(...segment.params) as [string, string | number | null][];
  const grouping = groupRows(
    column,
    rows.map((row) => row[1]),
    maxAttributeCohorts,
  );
  const cohortOf = new Map<string, string>();
  rows.forEach(([id], i) => cohortOf.set(id, grouping.labels[grouping.codes[i]!]!));
  return { cohortOf, order: grouping.labels, grouping: grouping.description };
}

/** Members with their activity: order days, or one day per period a subscription covers. */
function readMembers(
  db: Db,
  source: 'transactions' | 'subscriptions',
  asOf: string,
  period: PeriodUnit,
  segment: SegmentCondition,
): { id: string; member: CohortMember }[] {
  const members: { id: string; member: CohortMember }[] = [];
  const memberOf = (id: string, start: string) => {
    const last = members[members.length - 1];
    if (last && last.id === id) return last.member;
    const member: CohortMember = { start, activity: [] };
    members.push({ id, member });
    return member;
  };
  if (source === 'transactions') {
    // Orders after as-of are not known yet; the cohort is the period of the first order.
    const rows = db
      .prepare(
        `SELECT customer_id, substr(date, 1, 10) AS day FROM transactions
         WHERE substr(date, 1, 10) <= ? AND ${segment.sql} GROUP BY customer_id, day ORDER BY customer_id, day`,
      )
      .raw()
      .all(asOf, ...segment.params) as [string, string][];
    for (const [id, day] of rows) memberOf(id, day).activity.push(day);
    return members;
  }
  // A subscription [start, end) makes its customer active in every period it covers part of.
  const rows = db
    .prepare(
      `SELECT customer_id, substr(start_date, 1, 10) AS day, substr(end_date, 1, 10) FROM subscriptions
       WHERE substr(start_date, 1, 10) <= ? AND ${segment.sql} ORDER BY customer_id, day`,
    )
    .raw()
    .all(asOf, ...segment.params) as [string, string, string | null][];
  const asOfDay = dayNumber(asOf);
  for (const [id, start, end] of rows) {
    const member = memberOf(id, start);
    const startDay = dayNumber(start);
    const lastDay = end === null ? asOfDay : Math.min(asOfDay, Math.max(startDay, dayNumber(end) - 1));
    for (let q = periodIndex(startDay, period); q <= periodIndex(lastDay, period); q++) {
      member.activity.push(isoFromDay(Math.max(startDay, periodStartDay(q, period))));
    }
  }
  return members;
}

/**
 * retention.cohorts: customers by the period of their first activity (or by an attribute's value, k
 * counted from each customer's own start). Activity = order dates when the project has transactions,
 * else the periods its subscriptions cover; without either only the span up to the churn date is known
 * (as-of for customers still active), which supports "active in period k or later" only. The revenue
 * measure follows the cohort's MRR instead (subscriptions).
 */
export function cohortsTask(input: CohortsInput, ctx: TaskContext): CohortsResponse {
  const db = ctx.projects.get(input.project);
  const { state, columns } = customerTable(db);
  const asOf = state.asOf;
  if (asOf === null) throw noDates();
  const filters = input.filters ?? [];
  const segment = segmentCondition(columns, filters);
  const datasetSegment = segmentCondition(columns, filters, 'customer_id');
  const byColumn =
    input.by === undefined ? null : (columns.find((column) => column.key === input.by) ?? null);
  if (input.by !== undefined && !byColumn) {
    throw new AppError('NOT_FOUND', `There is no customer column "${input.by}" to cut the cohorts by.`);
  }
  const byCohort = byColumn ? attributeCohorts(db, byColumn, segment) : null;
  const by =
    byColumn && byCohort ? { key: byColumn.key, name: byColumn.name, grouping: byCohort.grouping } : null;
  const measure = input.measure ?? 'customers';
  const base = {
    period: input.period,
    definition: input.definition,
    measure,
    by,
    churnDefinition: state.applied,
    asOf,
  };

  if (measure === 'revenue') {
    if (input.definition !== 'active-in-period') {
      throw new AppError(
        'NOT_AVAILABLE',
        'Revenue retention follows MRR period by period ("active in period k"); the other definitions count customers.',
      );
    }
    const subscriptions = readSubscriptions(db, asOf, datasetSegment);
    if (!subscriptions) {
      throw new AppError('NOT_AVAILABLE', 'Revenue retention needs subscriptions with an MRR amount.');
    }
    const cohortOf = byCohort?.cohortOf;
    const result = revenueRetention(subscriptions.normalised, {
      asOf,
      period: input.period,
      ...(cohortOf ? { cohortOf: (id: string) => cohortOf.get(id) ?? '(missing)' } : {}),
    });
    const cohorts: Cohort[] = result.cohorts.map((cohort) => ({
      key: cohort.key,
      size: cohort.customers,
      startingMrr: cohort.startingMrr,
      cells: cohort.cells.map((cell) => ({
        k: cell.k,
        kTo: cell.k,
        retained: cell.mrr,
        share: cell.share,
        complete: cell.complete,
      })),
    }));
    const average: AveragePoint[] = result.average.map((point) => ({
      k: point.k,
      kTo: point.k,
      cohorts: point.cohorts,
      customers: result.cohorts
        .filter((c) => c.startingMrr > 0 && c.cells[point.k]?.complete)
        .reduce((sum, c) => sum + c.customers, 0),
      share: point.share,
    }));
    return {
      ...base,
      definitionText: revenueText,
      activity: 'subscriptions',
      cohorts: ordered(cohorts, byCohort?.order),
      average,
      currency: subscriptions.currency,
    };
  }

  const source =
    state.rows.transactions > 0
      ? 'transactions'
      : state.rows.subscriptions > 0
        ? 'subscriptions'
        : 'churn-date';
  if (source === 'churn-date' && input.definition !== 'active-in-period-or-later') {
    throw new AppError(
      'NOT_AVAILABLE',
      'Activity per period needs transactions (order dates) or subscriptions; without them only "active in period k or later" (up to the churn date) is available.',
    );
  }
  const brackets = input.brackets ?? defaultBrackets;
  if (input.definition === 'active-in-bracket') checkBrackets(brackets);
  let members: { id: string; member: CohortMember }[];
  if (source === 'churn-date') {
    const rows = db
      .prepare(
        `SELECT v.customer_id, substr(v.first_activity, 1, 10), v.churned, substr(v.churn_date, 1, 10)
         FROM customer_view v
         WHERE v.first_activity IS NOT NULL AND substr(v.first_activity, 1, 10) <= ? AND ${segment.sql}`,
      )
      .raw()
      .all(asOf, ...segment.params) as [string, string, number | null, string | null][];
    members = rows.map(([id, start, churned, churnDate]) => ({
      id,
      member: {
        start,
        activity: [churned === 1 && churnDate !== null && churnDate >= start ? churnDate : asOf],
      },
    }));
  } else {
    members = readMembers(db, source, asOf, input.period, datasetSegment);
  }
  ctx.checkCancelled();
  if (members.length === 0) throw segment.filtered ? emptySegment() : noDates();
  if (byCohort) {
    for (const { id, member } of members) member.cohort = byCohort.cohortOf.get(id) ?? '(missing)';
  }
  const result = cohortRetention(
    members.map((m) => m.member),
    { period: input.period, asOf, ...(input.definition === 'active-in-bracket' ? { brackets } : {}) },
  );
  const orLater = input.definition === 'active-in-period-or-later';
  const cohorts: Cohort[] = result.cohorts.map((cohort) => ({
    key: cohort.key,
    size: cohort.size,
    startingMrr: null,
    cells:
      input.definition === 'active-in-bracket'
        ? cohort.brackets.map((cell) => ({
            k: cell.from,
            kTo: cell.to,
            retained: cell.active,
            share: cell.share,
            complete: cell.complete,
          }))
        : cohort.cells.map((cell) => ({
            k: cell.k,
            kTo: cell.k,
            retained: orLater ? cell.activeOrLater : cell.active,
            share: orLater ? cell.shareOrLater : cell.share,
            complete: cell.complete,
          })),
  }));
  const average: AveragePoint[] =
    input.definition === 'active-in-bracket'
      ? result.averageBrackets.map((point) => ({
          k: point.from,
          kTo: point.to,
          cohorts: point.cohorts,
          customers: point.customers,
          share: point.share,
        }))
      : result.average.map((point) => ({
          k: point.k,
          kTo: point.k,
          cohorts: point.cohorts,
          customers: point.customers,
          share: orLater ? point.shareOrLater : point.share,
        }));
  return {
    ...base,
    definitionText: definitionTexts[input.definition],
    activity: source,
    cohorts: ordered(cohorts, byCohort?.order),
    average,
    currency: null,
  };
}

/** Attribute cohorts in the attribute's own order (by count, bins ascending, "(missing)" last). */
function ordered(cohorts: Cohort[], order: string[] | undefined): Cohort[] {
  if (!order) return cohorts;
  const rank = new Map(order.map((label, i) => [label, i]));
  return [...cohorts].sort((a, b) => (rank.get(a.key) ?? order.length) - (rank.get(b.key) ?? order.length));
}
