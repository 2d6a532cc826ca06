import type { RequestOf } from '@shared/contract';
import { filterFlag, filtersField, segmentFilters, type FilterColumn } from './segment-flags';
import { attributeKey } from './column-names';
import { UsageError } from './usage-error';

/** `tenure drivers`, `tenure churn-rate` and `tenure cohorts`: flags, requests and help. */

export const driversFlags = { 'max-groups': { type: 'string' }, ...filterFlag } as const;
export const churnRateFlags = {
  period: { type: 'string' },
  'same-period': { type: 'string' },
  'reactivation-window': { type: 'string' },
  'annual-plans': { type: 'string' },
  ...filterFlag,
} as const;
export const cohortsFlags = {
  period: { type: 'string' },
  definition: { type: 'string' },
  by: { type: 'string' },
  measure: { type: 'string' },
  brackets: { type: 'string' },
  ...filterFlag,
} as const;

const periods = ['month', 'week', 'quarter'] as const;
const samePeriodConventions = ['counted', 'excluded-from-churned', 'ignored'] as const;
const cohortDefinitions = ['active-in-period', 'active-in-period-or-later', 'active-in-bracket'] as const;

/** A flag's value checked against the values it takes (undefined when the flag was not given). */
export function oneOf<T extends string>(
  value: string | undefined,
  allowed: readonly T[],
  flag: string,
  command: string,
) {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value))
    throw new UsageError(`--${flag} takes ${allowed.join(', ')}, not "${value}".`, command);
  return value as T;
}

export function driversRequest(
  project: string,
  values: { 'max-groups'?: string | undefined; filter?: string[] | undefined },
  columns: readonly FilterColumn[] = [],
): RequestOf<'drivers.list'> {
  const filters = filtersField(segmentFilters(values.filter, columns, 'drivers'));
  const given = values['max-groups'];
  if (given === undefined) return { project, ...filters };
  const maxGroups = Number(given);
  if (!Number.isInteger(maxGroups) || maxGroups < 2 || maxGroups > 50)
    throw new UsageError(`--max-groups takes a whole number from 2 to 50, not "${given}".`, 'drivers');
  return { project, maxGroups, ...filters };
}

export function churnRateRequest(
  project: string,
  values: { [K in keyof typeof churnRateFlags]?: K extends 'filter' ? string[] : string },
  columns: readonly FilterColumn[] = [],
): RequestOf<'retention.churnOverTime'> {
  const command = 'churn-rate';
  const period = oneOf(values.period, periods, 'period', command);
  const samePeriodChurn = oneOf(values['same-period'], samePeriodConventions, 'same-period', command);
  const annualPlans = oneOf(
    values['annual-plans'],
    ['normalised', 'as-imported'] as const,
    'annual-plans',
    command,
  );
  const window = values['reactivation-window'];
  const days = window === undefined ? undefined : Number(window);
  if (days !== undefined && !(Number.isInteger(days) && days >= 1 && days <= 3650))
    throw new UsageError(
      `--reactivation-window takes a whole number of days from 1 to 3650, not "${window}".`,
      command,
    );
  return {
    project,
    ...(period ? { period } : {}),
    ...(samePeriodChurn ? { samePeriodChurn } : {}),
    ...(days === undefined ? {} : { reactivationWindowDays: days }),
    ...(annualPlans ? { annualPlans } : {}),
    ...filtersField(segmentFilters(values.filter, columns, command)),
  };
}

/** "1-1,2-3,4-6" (or "1,2-3") as inclusive ranges of periods. */
function brackets(text: string, command: string): [number, number][] {
  return text.split(',').map((part) => {
    const match = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(part);
    const from = match ? Number(match[1]) : Number.NaN;
    const to = match?.[2] === undefined ? from : Number(match[2]);
    if (!(from >= 1 && to >= from))
      throw new UsageError(`--brackets takes ranges of periods like 1-1,2-3,4-6, not "${text}".`, command);
    return [from, to];
  });
}

export function cohortsRequest(
  project: string,
  values: { [K in keyof typeof cohortsFlags]?: K extends 'filter' ? string[] : string },
  columns: readonly FilterColumn[] = [],
): RequestOf<'retention.cohorts'> {
  const command = 'cohorts';
  const period = oneOf(values.period, periods, 'period', command);
  let definition = oneOf(values.definition, cohortDefinitions, 'definition', command);
  const measure = oneOf(values.measure, ['customers', 'revenue'] as const, 'measure', command);
  const ranges = values.brackets === undefined ? undefined : brackets(values.brackets, command);
  // Brackets only mean something in the bracket view: giving them asks for it.
  if (ranges && definition === undefined) definition = 'active-in-bracket';
  if (ranges && definition !== 'active-in-bracket')
    throw new UsageError('--brackets goes with --definition active-in-bracket.', command);
  return {
    project,
    ...(period ? { period } : {}),
    ...(definition ? { definition } : {}),
    ...(measure ? { measure } : {}),
    ...(values.by === undefined ? {} : { by: attributeKey(columns, values.by, command) }),
    ...(ranges ? { brackets: ranges } : {}),
    ...filtersField(segmentFilters(values.filter, columns, command)),
  };
}

export const analysisHelp = {
  drivers: `Usage: tenure drivers PROJECT.tenure [--max-groups N] [--filter COLUMN=VALUE ...]

Churn drivers as JSON: every customer attribute (and the customer view's usable numbers) ranked by its
association with churn (Cramér's V, then information value), each with churn share per value or bin
(Wilson 95% interval, lift), a test (chi-square for categories; Mann–Whitney and a binned chi-square for
numbers), plus baseRate, definition and asOf. The churn flag, ids, id-like columns and anything derived
from the churn date are left out and listed in "skipped" with the reason.

  --max-groups N          categories beyond N pooled as "Other"; numbers cut into at most N bins
                          (default 10)
  --filter COLUMN=VALUE   only the customers whose column (name as shown, or key) has this value
                          (repeatable: all at once; an empty value means missing)`,

  'churn-rate': `Usage: tenure churn-rate PROJECT.tenure [--period month|week|quarter] [--same-period C]
                  [--reactivation-window DAYS] [--annual-plans normalised|as-imported] [--filter COLUMN=VALUE ...]

Churn over time as JSON: per period, customers at start, new, reactivated, churned, at end, churn rate
(churned / customers at start), average-customers and daily-sum churn rates and retention rate, with a
KPI header (latest complete period vs the previous one, trailing-12 average), the churn definition and
as-of date. Each customer is active from the first activity to the churn date (with subscriptions, a gap
longer than the grace period is a churn and a return). With subscriptions, "mrr" holds the MRR
movements (new, expansion, contraction, churned, reactivation; gross and net revenue churn, GRR, NRR);
"reconciliation" shows the conventions side by side.

  --period P                  month (default), week or quarter
  --same-period C             customers who join and churn in the same period: excluded-from-churned
                              (default: new, not churned), counted (new and churned), or ignored
  --reactivation-window DAYS  a return within DAYS of the churn is a reactivation, later a new customer
                              (default: any time)
  --annual-plans A            annual plans divided by 12 (normalised, default) or as-imported
  --filter COLUMN=VALUE       only the customers whose column (name as shown, or key) has this value
                              (repeatable: all at once; an empty value means missing)`,

  cohorts: `Usage: tenure cohorts PROJECT.tenure [--period month|week|quarter] [--definition D] [--by COLUMN]
                  [--measure customers|revenue] [--brackets 1-1,2-3,4-6] [--filter COLUMN=VALUE ...]

Cohort retention as JSON: customers by the period of their first activity (or by a column's value), the
number and share retained k periods later (cells whose period has not fully elapsed are marked
incomplete and left out of the average), and the cohort-size-weighted average curve.

  --period P              month (default), week or quarter
  --definition D          active-in-period (default: activity in period k; needs transactions or
                          subscriptions), active-in-period-or-later (the last activity in period k or
                          later) or active-in-bracket (activity in some period of each bracket)
  --brackets R            the brackets, e.g. 1-1,2-3,4-6,7-12 (implies active-in-bracket)
  --by COLUMN             cohorts by this column's value (name as shown, or key) instead of the start
                          period; k counts from each customer's own start; numbers are cut into bins
  --measure M             customers (default) or revenue: the cohort's MRR over its MRR at k = 0
                          (subscriptions)
  --filter COLUMN=VALUE   only the customers whose column has this value (repeatable)`,
} as const;
