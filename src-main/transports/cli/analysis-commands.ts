import type { RequestOf } from '@shared/contract';
import { UsageError } from './usage-error';

/** `tenure drivers`, `tenure churn-rate` and `tenure cohorts`: flags, requests and help. */

export const driversFlags = { 'max-groups': { type: 'string' } } as const;
export const churnRateFlags = { period: { type: 'string' }, 'same-period': { type: 'string' } } as const;
export const cohortsFlags = { period: { type: 'string' }, definition: { type: 'string' } } as const;

const periods = ['month', 'week', 'quarter'] as const;
const samePeriodConventions = ['counted', 'excluded-from-churned', 'ignored'] as const;
const cohortDefinitions = ['active-in-period', 'active-in-period-or-later'] as const;

function oneOf<T extends string>(
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
  values: { 'max-groups'?: string },
): RequestOf<'drivers.list'> {
  const given = values['max-groups'];
  if (given === undefined) return { project };
  const maxGroups = Number(given);
  if (!Number.isInteger(maxGroups) || maxGroups < 2 || maxGroups > 50)
    throw new UsageError(`--max-groups takes a whole number from 2 to 50, not "${given}".`, 'drivers');
  return { project, maxGroups };
}

export function churnRateRequest(
  project: string,
  values: { period?: string; 'same-period'?: string },
): RequestOf<'retention.churnOverTime'> {
  const period = oneOf(values.period, periods, 'period', 'churn-rate');
  const samePeriodChurn = oneOf(values['same-period'], samePeriodConventions, 'same-period', 'churn-rate');
  return { project, ...(period ? { period } : {}), ...(samePeriodChurn ? { samePeriodChurn } : {}) };
}

export function cohortsRequest(
  project: string,
  values: { period?: string; definition?: string },
): RequestOf<'retention.cohorts'> {
  const period = oneOf(values.period, periods, 'period', 'cohorts');
  const definition = oneOf(values.definition, cohortDefinitions, 'definition', 'cohorts');
  return { project, ...(period ? { period } : {}), ...(definition ? { definition } : {}) };
}

export const analysisHelp = {
  drivers: `Usage: tenure drivers PROJECT.tenure [--max-groups N]

Churn drivers as JSON: every customer attribute (and the customer view's usable numbers) ranked by its
association with churn (Cramér's V, then information value), each with churn share per value or bin
(Wilson 95% interval, lift), a test (chi-square for categories; Mann–Whitney and a binned chi-square for
numbers), plus baseRate, definition and asOf. The churn flag, ids, id-like columns and anything derived
from the churn date are left out and listed in "skipped" with the reason.

  --max-groups N   categories beyond N pooled as "Other"; numbers cut into at most N bins (default 10)`,

  'churn-rate': `Usage: tenure churn-rate PROJECT.tenure [--period month|week|quarter] [--same-period C]

Churn over time as JSON: per period, customers at start, new, churned, at end, churn rate (churned /
customers at start), average-customers churn rate and retention rate, with a KPI header (latest
complete period vs the previous one, trailing-12 average), the churn definition and as-of date. Each
customer is active from the first activity to the churn date.

  --period P        month (default), week or quarter
  --same-period C   customers who join and churn in the same period: counted (default),
                    excluded-from-churned, or ignored`,

  cohorts: `Usage: tenure cohorts PROJECT.tenure [--period month|week|quarter] [--definition D]

Cohort retention as JSON: customers by the period of their first activity, the number and share retained
k periods later (cells whose period has not fully elapsed are marked incomplete and left out of the
average), and the cohort-size-weighted average curve.

  --period P        month (default), week or quarter
  --definition D    active-in-period (default: an order in period k; needs transactions) or
                    active-in-period-or-later (the last activity in period k or later)`,
} as const;
