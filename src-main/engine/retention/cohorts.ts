import { dayNumber, periodComplete, periodIndex, periodLabel, type PeriodUnit } from './periods';

/**
 * Cohort retention: customers grouped by cohort (their start period, or any key the caller gives),
 * and for every period k after each customer's own start period the share still retained, under two
 * definitions named in the output:
 *  - 'active-in-period' (N-period retention): the customer has activity in period k;
 *  - 'active-in-period-or-later' (unbounded retention): the customer's last activity is in period k or later.
 *  - bracket views ('active-in-bracket'): the customer has activity in some period k of a bracket [from, to]
 *    (e.g. months 1–3, 4–6, 7–12), for less noisy retention where activity is irregular.
 * A cell whose period has not fully elapsed at as-of (for any member) is marked incomplete and left out of
 * the average curve; a bracket is complete when its last period is.
 */

export interface CohortMember {
  start: string;
  /** Dates of activity (e.g. order dates); the start itself need not be repeated. */
  activity: string[];
  /** Cohort key; default: the label of the start period ('1997-01'). */
  cohort?: string;
}

export type RetentionDefinition = 'active-in-period' | 'active-in-period-or-later';

export interface CohortOptions {
  period: PeriodUnit;
  asOf: string;
  /** Inclusive ranges of k for the bracket view, e.g. [[1, 3], [4, 6], [7, 12]]. */
  brackets?: [number, number][];
}

export interface BracketCell {
  from: number;
  to: number;
  active: number;
  share: number;
  complete: boolean;
}

export interface AverageBracketPoint {
  from: number;
  to: number;
  cohorts: number;
  customers: number;
  /** Σ active / Σ size over the cohorts whose bracket is complete. */
  share: number | null;
}

export interface CohortCell {
  k: number;
  /** Customers retained at k, and that count over the cohort size. */
  active: number;
  share: number;
  activeOrLater: number;
  shareOrLater: number;
  /** False when period k has not fully elapsed at as-of for some member. */
  complete: boolean;
}

export interface Cohort {
  key: string;
  size: number;
  cells: CohortCell[];
  brackets: BracketCell[];
}

export interface AverageRetentionPoint {
  k: number;
  /** Complete cohorts at k and their customers (the weights). */
  cohorts: number;
  customers: number;
  /** Cohort-size-weighted mean share = Σ retained / Σ size over the cohorts whose cell k is complete. */
  share: number | null;
  shareOrLater: number | null;
}

export interface CohortRetention {
  period: PeriodUnit;
  asOf: string;
  definitions: {
    share: 'active-in-period';
    shareOrLater: 'active-in-period-or-later';
    brackets: 'active-in-bracket';
  };
  weighting: 'cohort-size';
  cohorts: Cohort[];
  average: AverageRetentionPoint[];
  averageBrackets: AverageBracketPoint[];
}

interface Accumulator {
  key: string;
  size: number;
  earliestStart: number;
  latestStart: number;
  active: number[];
  /** Customers whose last activity is at k exactly; suffix sums give "k or later". */
  lastAt: number[];
  inBracket: number[];
}

const add = (counts: number[], k: number) => {
  while (counts.length <= k) counts.push(0);
  counts[k] = (counts[k] ?? 0) + 1;
};

export function cohortRetention(members: CohortMember[], options: CohortOptions): CohortRetention {
  const unit = options.period;
  const asOfDay = dayNumber(options.asOf);
  const asOfPeriod = periodIndex(asOfDay, unit);
  const brackets = options.brackets ?? [];
  for (const [from, to] of brackets) {
    if (!(Number.isInteger(from) && Number.isInteger(to) && 0 <= from && from <= to)) {
      throw new RangeError(`A bracket is a range of whole periods from ≤ to: [${from}, ${to}]`);
    }
  }
  const cohorts = new Map<string, Accumulator>();

  for (const member of members) {
    const startDay = dayNumber(member.start);
    if (startDay > asOfDay) continue;
    const start = periodIndex(startDay, unit);
    const key = member.cohort ?? periodLabel(start, unit);
    let cohort = cohorts.get(key);
    if (!cohort) {
      cohort = {
        key,
        size: 0,
        earliestStart: start,
        latestStart: start,
        active: [],
        lastAt: [],
        inBracket: brackets.map(() => 0),
      };
      cohorts.set(key, cohort);
    }
    cohort.size += 1;
    cohort.earliestStart = Math.min(cohort.earliestStart, start);
    cohort.latestStart = Math.max(cohort.latestStart, start);
    const seen = new Set<number>([0]);
    for (const date of member.activity) {
      const day = dayNumber(date);
      if (day > asOfDay || day < startDay) continue;
      seen.add(periodIndex(day, unit) - start);
    }
    let last = 0;
    for (const k of seen) {
      add(cohort.active, k);
      last = Math.max(last, k);
    }
    add(cohort.lastAt, last);
    brackets.forEach(([from, to], b) => {
      for (const k of seen) {
        if (k >= from && k <= to) {
          cohort.inBracket[b]! += 1;
          return;
        }
      }
    });
  }

  const result: Cohort[] = [...cohorts.values()]
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((cohort) => {
      // Cells up to the furthest period any member has reached by as-of.
      const lastK = asOfPeriod - cohort.earliestStart;
      const cells: CohortCell[] = [];
      let orLater = 0;
      const orLaterAt: number[] = [];
      for (let k = lastK; k >= 0; k--) {
        orLater += cohort.lastAt[k] ?? 0;
        orLaterAt[k] = orLater;
      }
      for (let k = 0; k <= lastK; k++) {
        const active = cohort.active[k] ?? 0;
        const activeOrLater = orLaterAt[k] ?? 0;
        cells.push({
          k,
          active,
          share: active / cohort.size,
          activeOrLater,
          shareOrLater: activeOrLater / cohort.size,
          complete: periodComplete(cohort.latestStart + k, unit, asOfDay),
        });
      }
      const bracketCells = brackets.map(([from, to], b) => ({
        from,
        to,
        active: cohort.inBracket[b]!,
        share: cohort.inBracket[b]! / cohort.size,
        complete: periodComplete(cohort.latestStart + to, unit, asOfDay),
      }));
      return { key: cohort.key, size: cohort.size, cells, brackets: bracketCells };
    });

  const average: AverageRetentionPoint[] = [];
  const longest = Math.max(0, ...result.map((c) => c.cells.length));
  for (let k = 0; k < longest; k++) {
    let cohortsAtK = 0;
    let customers = 0;
    let active = 0;
    let activeOrLater = 0;
    for (const cohort of result) {
      const cell = cohort.cells[k];
      if (!cell || !cell.complete) continue;
      cohortsAtK += 1;
      customers += cohort.size;
      active += cell.active;
      activeOrLater += cell.activeOrLater;
    }
    average.push({
      k,
      cohorts: cohortsAtK,
      customers,
      share: customers > 0 ? active / customers : null,
      shareOrLater: customers > 0 ? activeOrLater / customers : null,
    });
  }

  const averageBrackets = brackets.map(([from, to], b) => {
    const done = result.filter((cohort) => cohort.brackets[b]!.complete);
    const customers = done.reduce((sum, cohort) => sum + cohort.size, 0);
    const active = done.reduce((sum, cohort) => sum + cohort.brackets[b]!.active, 0);
    return { from, to, cohorts: done.length, customers, share: customers > 0 ? active / customers : null };
  });

  return {
    period: unit,
    asOf: options.asOf,
    definitions: {
      share: 'active-in-period',
      shareOrLater: 'active-in-period-or-later',
      brackets: 'active-in-bracket',
    },
    weighting: 'cohort-size',
    cohorts: result,
    average,
    averageBrackets,
  };
}
