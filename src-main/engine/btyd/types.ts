/**
 * Shapes shared by the "buy till you die" models (BG/NBD, Pareto/NBD) so the hold-out check, the
 * P(alive)/expected-purchase grids and CLV work with either model.
 */

/** One customer's calibration-period summary, in the chosen time unit (weeks for the published CDNOW fits). */
export interface RepeatSummary {
  /** Repeat purchase periods in calibration (distinct purchase days after the first, i.e. frequency). */
  x: number;
  /** Time of the last repeat purchase since the first purchase (0 when x = 0). */
  tx: number;
  /** Time from the first purchase to the end of calibration. */
  T: number;
}

/** Columnar summaries: what the likelihoods iterate over. */
export interface RepeatSummaries {
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  /** How many customers share this (x, tx, T) triple; all 1 when not grouped. */
  weight: Float64Array;
}

/** A fitted maximum-likelihood model with positive parameters. */
export interface FittedParameters<P extends string> {
  params: Record<P, number>;
  /** Standard errors from the observed information; null when the Hessian is not positive definite. */
  se: Record<P, number | null>;
  logLik: number;
  converged: boolean;
  iterations: number;
  /** Starting points tried, and how many converged to (near) the reported optimum. */
  starts: number;
  convergedStarts: number;
  /** Plain-language problems: non-convergence, parameters at the edge, too few repeat buyers, … */
  warnings: string[];
}

/** What a BTYD model can say about a customer, in the model's time unit. */
export interface BtydPredictor {
  /** P(customer still alive at T | x, tx, T). */
  pAlive(x: number, tx: number, T: number): number;
  /** E[repeat purchases in (T, T + t] | x, tx, T]. */
  conditionalExpected(t: number, x: number, tx: number, T: number): number;
  /** E[X(t)]: expected repeat purchases in (0, t] for a customer who made the first purchase at 0. */
  unconditionalExpected(t: number): number;
}
