import type { SbgResult } from '@shared/contract/value';
import { AppError } from '@shared/errors';
import { fitSbg, sbgDel, sbgDerl, sbgRetentionRate, sbgSurvival } from '../../engine/btyd/sbg';
import { unitDays } from '../../engine/btyd/summary';
import type { FittedParameters } from '../../engine/btyd/types';
import { kaplanMeier } from '../../engine/survival/km';
import {
  fitSbgLifetimes,
  lifetimesFromSurvivors,
  type DiscreteLifetimes,
} from '../../engine/btyd/sbg-lifetimes';
import { naiveClv } from '../../engine/btyd/clv';
import type { TaskContext } from '../../jobs/task-context';
import type { Db } from '../../store/database';

/**
 * value.sbg: the shifted-beta-geometric retention model, from a survivor series (one cohort, as in
 * Fader & Hardie 2007) or from the project's customers (each one's tenure in whole periods, churned or
 * still active: cohorts of different ages pooled, see engine/btyd/sbg-lifetimes.ts). Gives projected
 * retention, the discounted expected (residual) lifetime, and — with recurring revenue — value per
 * customer beside the naive ARPU × margin / churn formula.
 */

type SbgRequest =
  | { survivors: number[]; discount: number; projectPeriods: number }
  | { project: string; period: 'month' | 'year'; discount: number; margin: number; projectPeriods: number };

const periodDays = { month: unitDays.month, year: 12 * unitDays.month };

function projectLifetimes(db: Db, period: 'month' | 'year'): DiscreteLifetimes {
  const rows = db
    .prepare(
      'SELECT v.tenure_days, v.churned FROM customer_view v WHERE v.churned IS NOT NULL AND v.tenure_days >= 0',
    )
    .raw()
    .all() as Array<[number, number]>;
  if (rows.length === 0)
    throw new AppError(
      'NOT_AVAILABLE',
      'The sBG model needs customers with a tenure and a known churn state.',
    );
  const churnedIn: number[] = [0];
  const survivedTo: number[] = [];
  const add = (list: number[], at: number) => {
    while (list.length <= at) list.push(0);
    list[at]!++;
  };
  for (const [days, churned] of rows) {
    // Periods as whole multiples: a churn during period t (t = 1 for the first), or t whole periods survived.
    const periods = days / periodDays[period];
    const whole = Math.abs(periods - Math.round(periods)) < 1e-9 ? Math.round(periods) : periods;
    if (churned) add(churnedIn, Math.max(1, Math.ceil(whole)));
    else add(survivedTo, Math.floor(whole));
  }
  return { churnedIn, survivedTo };
}

/**
 * The observed share surviving each whole period, by Kaplan–Meier on the same lifetimes (a churn in
 * period t is an event at t; "still active after c periods" is censored at c), up to the longest one.
 */
function observedSurvival(data: DiscreteLifetimes): number[] {
  const time: number[] = [];
  const event: number[] = [];
  const add = (counts: readonly number[], isEvent: number) =>
    counts.forEach((count, t) => {
      for (let k = 0; k < count; k++) {
        time.push(t);
        event.push(isEvent);
      }
    });
  add(data.churnedIn, 1);
  add(data.survivedTo, 0);
  const longest = Math.max(data.churnedIn.length, data.survivedTo.length) - 1;
  const periods = Array.from({ length: longest + 1 }, (_, t) => t);
  return kaplanMeier(time, event, { conf: 'log' }).survivalAt(periods);
}

export function sbgTask(input: SbgRequest, ctx: TaskContext): SbgResult {
  const fromSeries = 'survivors' in input;
  let data: DiscreteLifetimes;
  let source: string;
  let survivors: number[];
  let fit: FittedParameters<'alpha' | 'beta'>;
  if (fromSeries) {
    const s = input.survivors;
    try {
      fit = fitSbg(s);
    } catch (error) {
      throw new AppError('INVALID_REQUEST', error instanceof Error ? error.message : String(error));
    }
    data = lifetimesFromSurvivors(s);
    source = `A cohort of ${s[0]} customers observed for ${s.length - 1} periods.`;
    survivors = s;
  } else {
    data = projectLifetimes(ctx.projects.get(input.project), input.period);
    const customers = data.churnedIn.reduce((a, b) => a + b, 0) + data.survivedTo.reduce((a, b) => a + b, 0);
    source = `${customers.toLocaleString('en')} customers of the project, tenure in whole ${input.period}s (churned in a period, or still active after it), cohorts of every start date pooled.`;
    survivors = [];
    try {
      fit = fitSbgLifetimes(data);
    } catch (error) {
      throw new AppError('NOT_AVAILABLE', error instanceof Error ? error.message : String(error));
    }
  }
  const params = fit.params;
  const observed = fromSeries ? survivors.map((n) => n / survivors[0]!) : observedSurvival(data);
  const fitted = observed.length - 1;
  const projected = Array.from({ length: fitted + input.projectPeriods + 1 }, (_, t) => ({
    period: t,
    survival: sbgSurvival(params, t),
    actual: observed[t] ?? null,
    retention: t === 0 ? null : sbgRetentionRate(params, t),
  }));
  // A project's periods are months or years; its discount rate is annual (what finance quotes).
  const discount = fromSeries
    ? input.discount
    : input.period === 'year'
      ? input.discount
      : (1 + input.discount) ** (1 / 12) - 1;
  const del = sbgDel(params, discount);
  const derl = sbgDerl(params, discount, 1);
  let valuePerCustomer: number | null = null;
  let naive: SbgResult['naive'] = null;
  if (!fromSeries) {
    const db = ctx.projects.get(input.project);
    const arpuMonthly = db
      .prepare(`SELECT AVG(v.current_mrr) FROM customer_view v WHERE v.churned = 0 AND v.current_mrr > 0`)
      .pluck()
      .get() as number | null;
    if (arpuMonthly !== null) {
      const arpu = input.period === 'year' ? arpuMonthly * 12 : arpuMonthly;
      valuePerCustomer = del * arpu * input.margin;
      // The naive formula's churn: one constant rate, churns per customer-period observed.
      const churned = data.churnedIn.reduce((a, b) => a + b, 0);
      const exposure =
        data.churnedIn.reduce((a, n, t) => a + n * t, 0) + data.survivedTo.reduce((a, n, c) => a + n * c, 0);
      const churnRate = exposure > 0 ? churned / exposure : 0;
      const simple = naiveClv({ arpu, margin: input.margin, churnRate });
      naive = {
        arpu,
        churnRate,
        margin: input.margin,
        clv: typeof simple === 'number' ? simple : null,
        note: 'Naive: ARPU × margin / churn rate assumes every customer churns at the same constant rate and ignores discounting; it undervalues a base whose churn falls with tenure.',
      };
    }
  }
  return {
    source,
    survivors,
    alpha: params.alpha,
    beta: params.beta,
    se: fit.se,
    logLik: fit.logLik,
    converged: fit.converged,
    warnings: fit.warnings,
    projected,
    periodLabel: fromSeries ? 'period' : input.period,
    del,
    derl,
    discount,
    annualDiscount: fromSeries ? null : input.discount,
    valuePerCustomer,
    naive,
  };
}
