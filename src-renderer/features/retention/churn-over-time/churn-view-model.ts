/**
 * Pure view-model of the churn-over-time view: KPI cards, the period table, the reconciliation table and
 * the charts' CSV, computed from a `retention.churnOverTime` response. No React, no ECharts.
 */
import type { ChurnOverTimeResponse, MrrPeriod, ReconciliationRow } from '@shared/contract/retention';
import type { ChartData } from '../../../charts/chart-export';
import { dash, formatCount, formatShare } from '../../../ui/format';

export type PeriodUnit = ChurnOverTimeResponse['period'];
type Period = ChurnOverTimeResponse['periods'][number];
type Kpi = ChurnOverTimeResponse['kpi'];

export const periodWords: Record<PeriodUnit, { one: string; many: string; adjective: string }> = {
  month: { one: 'month', many: 'months', adjective: 'Monthly' },
  week: { one: 'week', many: 'weeks', adjective: 'Weekly' },
  quarter: { one: 'quarter', many: 'quarters', adjective: 'Quarterly' },
};

/** A share or null: "12.3%" or "—". */
export function shareOrDash(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? dash : formatShare(value);
}

/** A change of a share in percentage points, signed: "+1.2 pp", "−0.4 pp", "±0.0 pp". */
export function formatPoints(change: number): string {
  const points = change * 100;
  const rounded = Math.round(points * 10) / 10;
  const text = Math.abs(rounded).toLocaleString(undefined, {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  });
  if (rounded === 0) return `±${text} pp`;
  return `${rounded > 0 ? '+' : '−'}${text} pp`;
}

/** An amount of money: "€1,234" when the currency is an ISO code, else "1,234 XYZ" or just "1,234". */
export function formatMoney(value: number, currency: string | null): string {
  const digits = Math.abs(value) >= 1000 ? 0 : 2;
  if (currency && /^[A-Z]{3}$/.test(currency)) {
    try {
      return new Intl.NumberFormat(undefined, {
        style: 'currency',
        currency,
        maximumFractionDigits: digits,
        minimumFractionDigits: 0,
      }).format(value);
    } catch {
      // An unknown code: fall through to the plain number.
    }
  }
  const number = new Intl.NumberFormat(undefined, { maximumFractionDigits: digits }).format(value);
  return currency ? `${number} ${currency}` : number;
}

/** The MRR axis name with its unit: "MRR (EUR)", or "MRR" without a currency. */
export function mrrUnit(currency: string | null): string {
  return currency ? `MRR (${currency})` : 'MRR';
}

export type Trend = 'up' | 'down' | 'flat';

export interface KpiCard {
  id: string;
  label: string;
  value: string;
  /** "▲ +1.2 pp vs 2024-05" and whether that is good or bad news. */
  change: { trend: Trend; text: string; tone: 'good' | 'bad' | 'neutral' } | null;
  note: string;
}

function trendOf(change: number): Trend {
  const rounded = Math.round(change * 1000);
  return rounded > 0 ? 'up' : rounded < 0 ? 'down' : 'flat';
}

/** The change of a KPI against the previous complete period; `upIsBad` picks the tone. */
export function kpiChange(kpi: Kpi, upIsBad: boolean): KpiCard['change'] {
  if (kpi.change === null || kpi.previous === null) return null;
  const trend = trendOf(kpi.change);
  const arrow = trend === 'up' ? '▲' : trend === 'down' ? '▼' : '■';
  const tone = trend === 'flat' ? 'neutral' : (trend === 'up') === upIsBad ? 'bad' : 'good';
  return { trend, text: `${arrow} ${formatPoints(kpi.change)} vs ${kpi.previous.period}`, tone };
}

function trailingNote(kpi: Kpi, unit: PeriodUnit): string {
  if (kpi.trailing12Average === null) return 'No complete period yet.';
  const periods = kpi.trailingPeriods;
  return `Mean of the last ${periods === 1 ? `complete ${periodWords[unit].one}` : `${periods} complete ${periodWords[unit].many}`}.`;
}

/** The KPI header: churn rate (latest complete period), trailing average, customers at end; MRR with subscriptions. */
export function kpiCards(response: ChurnOverTimeResponse): KpiCard[] {
  const unit = response.period;
  const { kpi } = response;
  const last = response.periods[response.periods.length - 1];
  const cards: KpiCard[] = [
    {
      id: 'churn-rate',
      label: kpi.latest ? `Churn rate, ${kpi.latest.period}` : 'Churn rate',
      value: kpi.latest ? formatShare(kpi.latest.value) : dash,
      change: kpiChange(kpi, true),
      note: kpi.latest
        ? `Churned over customers at the start of the latest complete ${periodWords[unit].one}.`
        : `No complete ${periodWords[unit].one} with customers at its start yet.`,
    },
    {
      id: 'trailing-average',
      label: `Average churn rate, last ${kpi.trailingPeriods || 12} ${periodWords[unit].many}`,
      value: shareOrDash(kpi.trailing12Average),
      change: null,
      note: trailingNote(kpi, unit),
    },
    {
      id: 'customers-at-end',
      label: 'Customers at end',
      value: last ? formatCount(last.customersAtEnd) : dash,
      change: null,
      note: last
        ? `Active at the end of ${last.period}${last.complete ? '' : ` (as of ${response.asOf})`}.`
        : 'No periods.',
    },
  ];
  const mrr = response.mrr;
  if (mrr) {
    const gross = mrr.kpi.grossRevenueChurn;
    const nrr = mrr.kpi.netRevenueRetention;
    const lastMrr = mrr.periods[mrr.periods.length - 1];
    cards.push(
      {
        id: 'gross-revenue-churn',
        label: gross.latest ? `Gross revenue churn, ${gross.latest.period}` : 'Gross revenue churn',
        value: gross.latest ? formatShare(gross.latest.value) : dash,
        change: kpiChange(gross, true),
        note: 'MRR lost to churn and contraction over MRR at the start.',
      },
      {
        id: 'net-revenue-retention',
        label: nrr.latest ? `Net revenue retention, ${nrr.latest.period}` : 'Net revenue retention',
        value: nrr.latest ? formatShare(nrr.latest.value) : dash,
        change: kpiChange(nrr, false),
        note: 'MRR kept, with expansion, of the MRR at the start (above 100% is growth).',
      },
      {
        id: 'mrr-at-end',
        label: 'MRR at end',
        value: lastMrr ? formatMoney(lastMrr.mrrAtEnd, mrr.currency) : dash,
        change: null,
        note: lastMrr
          ? `Monthly recurring revenue at the end of ${lastMrr.period}${lastMrr.complete ? '' : ` (as of ${response.asOf})`}.`
          : 'No subscriptions with MRR.',
      },
    );
  }
  return cards;
}

/** One row of the period table: a customer period joined with its MRR movements (same period key). */
export interface PeriodRow {
  period: Period;
  mrr: MrrPeriod | null;
}

/** The period table, latest first, with the MRR movements of the same period beside the customers. */
export function periodRows(response: ChurnOverTimeResponse): PeriodRow[] {
  const mrrByPeriod = new Map((response.mrr?.periods ?? []).map((p) => [p.period, p]));
  return response.periods
    .map((period) => ({ period, mrr: mrrByPeriod.get(period.period) ?? null }))
    .reverse();
}

function round6(value: number | null): number | null {
  return value === null ? null : Math.round(value * 1e6) / 1e6;
}

/** CSV of the customer chart: every column of every period, oldest first. */
export function customerCsv(response: ChurnOverTimeResponse): ChartData {
  return {
    columns: [
      'period',
      'start',
      'complete',
      'customers_at_start',
      'new',
      'reactivated',
      'churned',
      'joined_and_churned_same_period',
      'customers_at_end',
      'churn_rate',
      'average_customers_churn_rate',
      'retention_rate',
      'daily_sum_churn_rate',
    ],
    rows: response.periods.map((p) => [
      p.period,
      p.start,
      p.complete ? 'yes' : 'no',
      p.customersAtStart,
      p.newCustomers,
      p.reactivated,
      p.churned,
      p.joinedAndChurned,
      p.customersAtEnd,
      round6(p.churnRate),
      round6(p.averageCustomersChurnRate),
      round6(p.retentionRate),
      round6(p.dailySumChurnRate),
    ]),
  };
}

/** CSV of the MRR chart: every movement and rate of every period, oldest first. */
export function mrrCsv(response: ChurnOverTimeResponse): ChartData {
  const mrr = response.mrr;
  const currency = mrr?.currency ?? '';
  return {
    columns: [
      'period',
      'start',
      'complete',
      'currency',
      'mrr_at_start',
      'new',
      'expansion',
      'contraction',
      'churned',
      'reactivation',
      'mrr_at_end',
      'subscriptions_started_and_ended_in_period',
      'gross_revenue_churn',
      'net_revenue_churn',
      'gross_revenue_retention',
      'net_revenue_retention',
    ],
    rows: (mrr?.periods ?? []).map((p) => [
      p.period,
      p.start,
      p.complete ? 'yes' : 'no',
      currency,
      p.mrrAtStart,
      p.newMrr,
      p.expansion,
      p.contraction,
      p.churned,
      p.reactivation,
      p.mrrAtEnd,
      p.joinedAndChurnedWithinPeriod,
      round6(p.grossRevenueChurn),
      round6(p.netRevenueChurn),
      round6(p.grossRevenueRetention),
      round6(p.netRevenueRetention),
    ]),
  };
}

/** One table of the reconciliation: the rows of one measure and the periods they are aligned with. */
export interface ReconciliationTable {
  measure: ReconciliationRow['measure'];
  title: string;
  /** The last few periods shown as columns (oldest first), and their index in `perPeriod`. */
  recent: { period: string; index: number; complete: boolean }[];
  rows: {
    row: ReconciliationRow;
    latest: string;
    previous: string;
    change: string;
    average: string;
    recent: string[];
    /** Complete periods' values (null kept as gaps), oldest first, for the sparkline; at most 24. */
    spark: (number | null)[];
  }[];
}

/**
 * The reconciliation table, one per measure: customer churn rows follow `periods`, revenue rows
 * `mrr.periods`. `recentCount` periods are shown as columns (the latest complete ones and an incomplete one).
 */
export function reconciliationTables(
  response: ChurnOverTimeResponse,
  recentCount = 2,
): ReconciliationTable[] {
  const tables: ReconciliationTable[] = [];
  const measures: {
    measure: ReconciliationRow['measure'];
    title: string;
    periods: readonly { period: string; complete: boolean }[];
  }[] = [
    { measure: 'customer-churn', title: 'Customer churn', periods: response.periods },
    { measure: 'revenue-churn', title: 'Revenue churn', periods: response.mrr?.periods ?? [] },
  ];
  for (const { measure, title, periods } of measures) {
    const rows = response.reconciliation.filter((row) => row.measure === measure);
    if (rows.length === 0) continue;
    const first = Math.max(0, periods.length - recentCount);
    const recent = periods
      .slice(first)
      .map((p, i) => ({ period: p.period, index: first + i, complete: p.complete }));
    const completeIndexes = periods.flatMap((p, i) => (p.complete ? [i] : [])).slice(-24);
    tables.push({
      measure,
      title,
      recent,
      rows: rows.map((row) => ({
        row,
        latest: row.kpi.latest ? formatShare(row.kpi.latest.value) : dash,
        previous: row.kpi.previous ? formatShare(row.kpi.previous.value) : dash,
        change: row.kpi.change === null ? dash : formatPoints(row.kpi.change),
        average: shareOrDash(row.kpi.trailing12Average),
        recent: recent.map((p) => shareOrDash(row.perPeriod[p.index] ?? null)),
        spark: completeIndexes.map((i) => row.perPeriod[i] ?? null),
      })),
    });
  }
  return tables;
}

/** A sparkline as an SVG polyline's points (several when values are missing), in a width × height box. */
export function sparkPaths(values: readonly (number | null)[], width: number, height: number): string[] {
  const present = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (present.length === 0) return [];
  const min = Math.min(...present, 0);
  const max = Math.max(...present);
  const span = max - min || 1;
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  const paths: string[] = [];
  let current: string[] = [];
  values.forEach((value, i) => {
    if (value === null || !Number.isFinite(value)) {
      if (current.length) paths.push(current.join(' '));
      current = [];
      return;
    }
    const x = values.length > 1 ? i * step : width / 2;
    const y = height - 1 - ((value - min) / span) * (height - 2);
    current.push(`${x.toFixed(1)},${y.toFixed(1)}`);
  });
  if (current.length) paths.push(current.join(' '));
  return paths;
}

/** The note under the customer chart when the last period is not over. */
export function incompleteNote(response: ChurnOverTimeResponse): string | null {
  const last = response.periods[response.periods.length - 1];
  if (!last || last.complete) return null;
  return `${last.period} is not over at the as-of date (${response.asOf}): its bars are drawn lighter and hatched, and it is left out of the KPI header and the averages.`;
}

/**
 * Churn is dated at the last order (or the subscription's end) but counts only once the inactivity window
 * (or grace period) has passed, so the most recent periods cannot show all their churn yet; the service
 * flags them (churnObservable) and leaves them out of the KPI header. The first such period and the last
 * day whose churn is fully known, or null when every period can show its churn.
 */
export function unseenChurn(response: ChurnOverTimeResponse): { knownUntil: string; period: string } | null {
  const first = response.periods.find((p) => !p.churnObservable);
  if (!first || response.churnKnownUntil === null) return null;
  return { knownUntil: response.churnKnownUntil, period: first.period };
}

/** The warning above the KPI header when recent churn cannot be seen yet. */
export function unseenChurnNote(response: ChurnOverTimeResponse): string | null {
  const unseen = unseenChurn(response);
  if (!unseen) return null;
  const unit = periodWords[response.period].many;
  const applied = response.definition;
  const rule =
    applied.definition.kind === 'contractual'
      ? `A customer counts as churned ${applied.graceDays ?? 0} days after their last subscription ends, and the churn is dated at that end`
      : `A customer counts as churned after ${applied.inactivityDays ?? 0} days without an order, and the churn is dated at their last order`;
  return `Recent churn cannot be seen in full yet. ${rule}, so churn after ${unseen.knownUntil} may still turn up: the ${unit} from ${unseen.period} on read too low. They are shaded in the chart and left out of the KPI header and the averages.`;
}
