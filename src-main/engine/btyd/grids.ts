/**
 * Frequency × recency grids of P(alive) and expected purchases for customers observed for T units:
 * the "iso-value" heat maps of Fader, Hardie & Lee (2005) and of lifetimes' plot_probability_alive_matrix,
 * for any "buy till you die" model.
 */
import type { BtydPredictor } from './types';

export interface FrequencyRecencyGrid {
  /** The customers' age (time since the first purchase) the grid is evaluated at. */
  T: number;
  /** Rows: repeat purchases 0..maxX. */
  x: number[];
  /** Columns: recency t_x from 0 to T in equal steps. */
  tx: number[];
  /** pAlive[row][column]. */
  pAlive: number[][];
  /** Expected repeat purchases in the next `horizon` units, [row][column]. */
  expected: number[][];
  horizon: number;
}

/**
 * Evaluate P(alive) and E[Y(horizon) | x, t_x, T] on x = 0..maxX and t_x = 0, T/recencySteps, …, T.
 * A customer with x = 0 has no recency (t_x = 0 by definition), so that row repeats the t_x = 0 value.
 */
export function frequencyRecencyGrid(
  predictor: BtydPredictor,
  T: number,
  maxX: number,
  recencySteps: number,
  horizon: number,
): FrequencyRecencyGrid {
  if (!(T >= 0) || !(recencySteps >= 1) || !(maxX >= 0))
    throw new Error(`The grid needs T ≥ 0, at least one recency step and maxX ≥ 0.`);
  const x = Array.from({ length: Math.floor(maxX) + 1 }, (_, i) => i);
  const tx = Array.from({ length: recencySteps + 1 }, (_, j) => (T * j) / recencySteps);
  const pAlive = x.map((xi) => tx.map((t) => predictor.pAlive(xi, xi === 0 ? 0 : t, T)));
  const expected = x.map((xi) =>
    tx.map((t) => predictor.conditionalExpected(horizon, xi, xi === 0 ? 0 : t, T)),
  );
  return { T, x, tx, pAlive, expected, horizon };
}
