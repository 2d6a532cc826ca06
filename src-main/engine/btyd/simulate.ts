/**
 * Simulated customers from the BG/NBD generative story (Fader, Hardie & Lee 2005, section 3): each
 * customer draws λ ~ Gamma(r, rate α) and p ~ Beta(a, b); from the first purchase at time 0 they buy as
 * a Poisson process with rate λ and, after each repeat purchase, drop out with probability p. Used to
 * check that the fit recovers known parameters. Deterministic from a seed (mulberry32).
 *
 * Gamma draws: Marsaglia & Tsang (2000), "A simple method for generating gamma variables", ACM TOMS
 * 26(3), with the U^(1/k) boost for shape k < 1; normals by Box–Muller.
 */
import { mulberry32 } from '../model/gbt-random';
import type { BgNbdParameter } from './bgnbd';
import type { RepeatSummary } from './types';

/** A uniform draw in (0, 1]: safe under log. */
function openUniform(random: () => number): number {
  return 1 - random();
}

function normal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(openUniform(random))) * Math.cos(2 * Math.PI * random());
}

/** Gamma(shape, scale 1). */
export function gammaDraw(shape: number, random: () => number): number {
  if (shape < 1) return gammaDraw(shape + 1, random) * Math.pow(openUniform(random), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let z: number;
    let v: number;
    do {
      z = normal(random);
      v = 1 + c * z;
    } while (v <= 0);
    v = v * v * v;
    const u = openUniform(random);
    if (Math.log(u) < 0.5 * z * z + d - d * v + d * Math.log(v)) return d * v;
  }
}

/**
 * `customers` BG/NBD customers observed for T units after their first purchase (one T for all, or one
 * per customer), as calibration summaries.
 */
export function simulateBgNbd(
  params: Record<BgNbdParameter, number>,
  customers: number,
  T: number | readonly number[],
  seed: number,
): RepeatSummary[] {
  const random = mulberry32(seed);
  const rows: RepeatSummary[] = [];
  for (let i = 0; i < customers; i++) {
    const horizon = typeof T === 'number' ? T : T[i]!;
    const lambda = gammaDraw(params.r, random) / params.alpha;
    const g1 = gammaDraw(params.a, random);
    const p = g1 / (g1 + gammaDraw(params.b, random));
    let x = 0;
    let tx = 0;
    let t = 0;
    for (;;) {
      t += -Math.log(openUniform(random)) / lambda;
      if (t > horizon) break;
      x++;
      tx = t;
      if (random() < p) break;
    }
    rows.push({ x, tx, T: horizon });
  }
  return rows;
}
