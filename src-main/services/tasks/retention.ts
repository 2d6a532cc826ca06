import type { ChurnOverTimeResponse, MrrMovements, ReconciliationRow } from '@shared/contract/retention';
import type { CustomerFilter } from '@shared/contract/customers';
import type { AppliedChurnDefinition } from '@shared/domain/churn-definition';
import {
  churnKpi,
  churnOverTime,
  kpiOf,
  type ChurnPeriod,
  type SamePeriodChurnConvention,
} from '../../engine/retention/churn-over-time';
import {
  churnedMrrPerSubscription,
  mrrMovements,
  type MrrPeriod,
} from '../../engine/retention/mrr-movements';
import {
  dayNumber,
  isoFromDay,
  periodIndex,
  periodStartDay,
  type PeriodUnit,
} from '../../engine/retention/periods';
import type { TaskContext } from '../../jobs/task-context';
import { customerTable, noChurnInformation } from '../../store/customer-queries';
import { addDays } from '../../store/customer-view';
import { segmentCondition } from '../../store/segment';
import {
  readLifetimes,
  readSubscriptions,
  segmentSize,
  type AnnualPlans,
  type SubscriptionSet,
  emptySegment,
  noDates,
} from './retention-data';

export { cohortsTask } from './retention-cohorts';

export interface ChurnOverTimeInput {
  project: string;
  period: PeriodUnit;
  samePeriodChurn: SamePeriodChurnConvention;
  reactivationWindowDays?: number | null | undefined;
  annualPlans?: AnnualPlans | undefined;
  filters?: readonly CustomerFilter[] | undefined;
}

/**
 * retention.churnOverTime: one lifetime per customer of the customer view (in the segment), from its
 * first activity to its churn date when the applied definition says it churned (still active otherwise),
 * cut by period; MRR movements when there are subscriptions with MRR; and the conventions side by side.
 */
export function churnOverTimeTask(input: ChurnOverTimeInput, ctx: TaskContext): ChurnOverTimeResponse {
  const db = ctx.projects.get(input.project);
  const { state, columns } = customerTable(db);
  if (!state.applied) {
    throw noChurnInformation();
  }
  const asOf = state.asOf;
  if (asOf === null) throw noDates();
  const filters = input.filters ?? [];
  const segment = segmentCondition(columns, filters);
  const datasetSegment = segmentCondition(columns, filters, 'customer_id');
  const read = readLifetimes(db, state.applied, asOf, segment, datasetSegment);
  if (read.lifetimes.length === 0) throw segment.filtered ? emptySegment() : noDates();
  const window = input.reactivationWindowDays ?? null;
  const run = (samePeriodChurn: SamePeriodChurnConvention) =>
    churnOverTime(read.lifetimes, {
      period: input.period,
      asOf,
      samePeriodChurn,
      reactivationWindowDays: window,
    });
  const result = run(input.samePeriodChurn);
  const knownUntil = churnKnownUntil(state.applied, asOf);
  const periods = result.periods.map((p) => ({
    ...p,
    churnObservable: knownUntil === null || periodLastDay(p.start, input.period) <= knownUntil,
  }));
  // The KPI header and the averages read only periods that are over and whose churn can be seen.
  const settled = periods.map((p) => ({ ...p, complete: p.complete && p.churnObservable }));
  ctx.checkCancelled();
  const subscriptions = readSubscriptions(db, asOf, datasetSegment);
  const annualPlans = input.annualPlans ?? 'normalised';
  const mrr = subscriptions
    ? mrrSection(subscriptions, { period: input.period, asOf, window, annualPlans })
    : null;
  return {
    period: result.period,
    samePeriodChurn: result.samePeriodChurn,
    periods,
    kpi: churnKpi(settled, 'churnRate'),
    customers: read.customers,
    withoutStart: read.withoutStart,
    basis: read.fromSubscriptions
      ? 'each customer from the first activity to the churn date; a gap between subscriptions longer than the grace period is a churn and a return'
      : 'each customer from the first activity to the churn date (still active when not churned)',
    churnKnownUntil: knownUntil,
    reactivationWindowDays: window,
    mrr: mrr?.movements ?? null,
    reconciliation: [
      ...customerReconciliation(settled, input.samePeriodChurn, run),
      ...(mrr?.reconciliation ?? []),
    ],
    segmentCustomers: segmentSize(db, segment),
    definition: state.applied,
    asOf,
  };
}

/**
 * The last day whose churn is fully known at as-of. Churn is dated at the last order (non-contractual) or
 * at the last subscription's end (contractual), but a customer only counts as churned once `inactivityDays`
 * have passed (more than) or `graceDays` have passed (at least) — as the customer view decides. Churn of a
 * later day may still turn up; a churned flag is known at once (null).
 */
export function churnKnownUntil(applied: AppliedChurnDefinition, asOf: string): string | null {
  const kind = applied.definition.kind;
  if (kind === 'non-contractual' && applied.inactivityDays !== null) {
    return addDays(asOf, -applied.inactivityDays - 1);
  }
  if (kind === 'contractual' && applied.graceDays !== null && applied.graceDays > 0) {
    return addDays(asOf, -applied.graceDays);
  }
  return null;
}

/** The last day (ISO) of the period starting on `start`. */
function periodLastDay(start: string, unit: PeriodUnit): string {
  const day = dayNumber(start);
  return isoFromDay(periodStartDay(periodIndex(day, unit) + 1, unit) - 1);
}

const samePeriodWords: Record<SamePeriodChurnConvention, { label: string; description: string }> = {
  counted: {
    label: 'Churn rate, joiners who leave in the same period counted',
    description:
      'Churned in the period over customers at its start; a customer who joins and leaves within the period counts as new and as churned.',
  },
  'excluded-from-churned': {
    label: 'Churn rate, joiners who leave in the same period not counted as churned',
    description:
      'Churned in the period over customers at its start; a customer who joins and leaves within the period counts as new but not as churned.',
  },
  ignored: {
    label: 'Churn rate, joiners who leave in the same period ignored',
    description:
      'Churned in the period over customers at its start; a customer who joins and leaves within the period is left out entirely.',
  },
};

function row(
  id: string,
  measure: ReconciliationRow['measure'],
  words: { label: string; description: string },
  current: boolean,
  periods: readonly { period: string; complete: boolean }[],
  perPeriod: (number | null)[],
): ReconciliationRow {
  const kpi = kpiOf(
    periods.map((p, i) => ({ period: p.period, complete: p.complete, value: perPeriod[i] ?? null })),
  );
  return { id, measure, ...words, current, perPeriod, kpi };
}

/** Customer churn under the three same-period conventions, the average-customers and the daily-sum variants. */
function customerReconciliation(
  periods: ChurnPeriod[],
  chosen: SamePeriodChurnConvention,
  run: (convention: SamePeriodChurnConvention) => { periods: ChurnPeriod[] },
): ReconciliationRow[] {
  const conventions: SamePeriodChurnConvention[] = ['counted', 'excluded-from-churned', 'ignored'];
  const rows = conventions.map((convention) => {
    const own = convention === chosen ? periods : run(convention).periods;
    return row(
      `customer-churn-${convention}`,
      'customer-churn',
      samePeriodWords[convention],
      convention === chosen,
      periods,
      own.map((p) => p.churnRate),
    );
  });
  rows.push(
    row(
      'customer-churn-average-customers',
      'customer-churn',
      {
        label: 'Churn rate over the average number of customers',
        description:
          'Churned in the period over the mean of customers at its start and at its end (same-period joiners as chosen above).',
      },
      false,
      periods,
      periods.map((p) => p.averageCustomersChurnRate),
    ),
    row(
      'customer-churn-daily-sum',
      'customer-churn',
      {
        label: 'Daily churn rates added up',
        description:
          "The sum over the period's days of the customers who left that day over those active at its start, Σ(1 − end/start).",
      },
      false,
      periods,
      periods.map((p) => p.dailySumChurnRate),
    ),
  );
  return rows;
}

/** MRR movements of the subscriptions, their KPI and the revenue rows of the reconciliation table. */
function mrrSection(
  subscriptions: SubscriptionSet,
  options: { period: PeriodUnit; asOf: string; window: number | null; annualPlans: AnnualPlans },
): { movements: MrrMovements; reconciliation: ReconciliationRow[] } {
  const engineOptions = {
    period: options.period,
    asOf: options.asOf,
    reactivationWindowDays: options.window,
  };
  const chosen = options.annualPlans === 'normalised' ? subscriptions.normalised : subscriptions.asImported;
  const periods = mrrMovements(chosen, engineOptions);
  const atStart = (values: readonly number[], base: readonly MrrPeriod[] = periods) =>
    base.map((p, i) => (p.mrrAtStart > 0 ? values[i]! / p.mrrAtStart : null));
  const perSubscription = churnedMrrPerSubscription(chosen, engineOptions);
  const reconciliation: ReconciliationRow[] = [
    row(
      'revenue-gross-churn',
      'revenue-churn',
      {
        label: 'Gross revenue churn',
        description: 'MRR lost to churn and contraction in the period over MRR at its start.',
      },
      true,
      periods,
      periods.map((p) => p.grossRevenueChurn),
    ),
    row(
      'revenue-net-churn',
      'revenue-churn',
      {
        label: 'Net revenue churn',
        description:
          'MRR lost to churn and contraction minus expansion in the period over MRR at its start (negative when expansion wins).',
      },
      true,
      periods,
      periods.map((p) => p.netRevenueChurn),
    ),
    row(
      'revenue-churned-last-subscription',
      'revenue-churn',
      {
        label: "Churned MRR only, when a customer's last subscription ends",
        description:
          'MRR of customers left with no subscription over MRR at the start; one of several subscriptions ending is contraction.',
      },
      true,
      periods,
      atStart(periods.map((p) => p.churned)),
    ),
    row(
      'revenue-churned-every-subscription',
      'revenue-churn',
      {
        label: 'Churned MRR only, every ended subscription',
        description:
          'MRR of every subscription that ended in the period over MRR at its start, even when the customer keeps another one.',
      },
      false,
      periods,
      atStart(perSubscription),
    ),
  ];
  if (subscriptions.annual > 0) {
    const other = options.annualPlans === 'normalised' ? subscriptions.asImported : subscriptions.normalised;
    const otherPeriods = mrrMovements(other, engineOptions);
    const normalisedPeriods = options.annualPlans === 'normalised' ? periods : otherPeriods;
    const asImportedPeriods = options.annualPlans === 'as-imported' ? periods : otherPeriods;
    reconciliation.push(
      row(
        'revenue-gross-churn-annual-normalised',
        'revenue-churn',
        {
          label: 'Gross revenue churn, annual plans divided by 12',
          description: 'Gross revenue churn with the amount of an annual plan spread over its 12 months.',
        },
        options.annualPlans === 'normalised',
        periods,
        normalisedPeriods.map((p) => p.grossRevenueChurn),
      ),
      row(
        'revenue-gross-churn-annual-as-imported',
        'revenue-churn',
        {
          label: 'Gross revenue churn, annual plans as imported',
          description:
            'Gross revenue churn with the amount of an annual plan taken as a monthly amount, as imported.',
        },
        options.annualPlans === 'as-imported',
        periods,
        asImportedPeriods.map((p) => p.grossRevenueChurn),
      ),
    );
  }
  const conventions = [
    "MRR churns only when a customer's last subscription ends; one of several subscriptions ending is contraction.",
    "A customer's MRR is compared at the start and the end of each period; a subscription that starts and ends within one period moves no MRR (counted apart).",
    options.window === null
      ? 'MRR coming back after a churn is reactivation, however long the customer was away.'
      : `MRR coming back within ${options.window} days of the previous subscription's end is reactivation; later, new MRR.`,
  ];
  if (subscriptions.annual > 0) {
    conventions.push(
      options.annualPlans === 'normalised'
        ? 'Annual plans are divided by 12 (quarterly plans by 3) to give monthly MRR.'
        : 'Annual plans are taken as imported, as if their amount were monthly.',
    );
  }
  return {
    movements: {
      periods,
      currency: subscriptions.currency,
      kpi: {
        grossRevenueChurn: churnKpi(periods, 'grossRevenueChurn'),
        netRevenueRetention: churnKpi(periods, 'netRevenueRetention'),
      },
      subscriptions: chosen.length,
      annualSubscriptions: subscriptions.annual,
      annualPlans: options.annualPlans,
      reactivationWindowDays: options.window,
      conventions,
    },
    reconciliation,
  };
}
