import { describe, expect, it } from 'vitest';
import { logGamma } from '../stats/distributions';
import { bgnbdLogLikelihood, bgnbdObjective, bgnbdPredictor, fitBgNbd } from './bgnbd';
import { hyp2f1 } from './hypergeometric';
import { withNumericGradient } from './optimize';
import { simulateBgNbd } from './simulate';
import { groupSummaries } from './summary';
import type { RepeatSummaries } from './types';

const params = { r: 0.2426, alpha: 4.414, a: 0.793, b: 2.426 };

function rows(triples: [number, number, number][]): RepeatSummaries {
  return groupSummaries(triples.map(([x, tx, T]) => ({ x, tx, T })));
}

const small = rows([
  [0, 0, 38.86],
  [0, 0, 20],
  [2, 30.43, 38.86],
  [1, 1.71, 38.86],
  [5, 10, 12],
  [7, 35, 36],
  [1, 0.5, 30],
]);

/** Eq. 6 of Fader, Hardie & Lee (2005) written directly (no log-space tricks), for moderate values. */
function directLikelihood(p: typeof params, x: number, tx: number, T: number): number {
  const { r, alpha, a, b } = p;
  const logBeta = (u: number, v: number) => logGamma(u) + logGamma(v) - logGamma(u + v);
  const common = Math.exp(logGamma(r + x) - logGamma(r) + r * Math.log(alpha));
  const alive = (Math.exp(logBeta(a, b + x) - logBeta(a, b)) * common) / Math.pow(alpha + T, r + x);
  const dead =
    x > 0 ? (Math.exp(logBeta(a + 1, b + x - 1) - logBeta(a, b)) * common) / Math.pow(alpha + tx, r + x) : 0;
  return alive + dead;
}

describe('bgnbdLogLikelihood', () => {
  it('equals the sum of the directly written per-customer likelihoods (1e-10 relative)', () => {
    let expected = 0;
    for (let i = 0; i < small.x.length; i++)
      expected +=
        small.weight[i]! * Math.log(directLikelihood(params, small.x[i]!, small.tx[i]!, small.T[i]!));
    expect(bgnbdLogLikelihood(params, small)).toBeCloseTo(expected, 9);
  });

  it('stays finite where the direct formula overflows (x = 400, T = 10⁵)', () => {
    const extreme = rows([
      [400, 9e4, 1e5],
      [0, 0, 1e5],
    ]);
    expect(Number.isFinite(bgnbdLogLikelihood({ r: 50, alpha: 0.01, a: 0.5, b: 200 }, extreme))).toBe(true);
  });

  it('has an analytic gradient matching central differences (1e-6 relative)', () => {
    const objective = bgnbdObjective(small);
    const numeric = withNumericGradient((theta) => objective(theta).value);
    const theta = Float64Array.from([params.r, params.alpha, params.a, params.b].map(Math.log));
    const analytic = objective(theta).gradient;
    const reference = numeric(theta).gradient;
    for (let i = 0; i < 4; i++) expect(analytic[i]).toBeCloseTo(reference[i]!, 6);
  });
});

describe('fitBgNbd', () => {
  it('refuses data without repeat buyers, in plain words', () => {
    expect(() =>
      fitBgNbd(
        rows([
          [0, 0, 10],
          [0, 0, 12],
          [0, 0, 5],
        ]),
      ),
    ).toThrow(
      'The BG/NBD model needs customers with repeat purchases: none of the 3 customers bought twice in the calibration period.',
    );
  });

  it('warns when there are few repeat buyers', () => {
    const fit = fitBgNbd(small);
    expect(fit.warnings.some((w) => w.includes('Only 5 of the 7 customers bought again'))).toBe(true);
  });

  it('warns in plain words when the data cannot pin a parameter down (customers who never drop out)', () => {
    // p ≈ 0 for everyone: the likelihood keeps improving as a → 0, so a runs to the edge.
    const fit = fitBgNbd(groupSummaries(simulateBgNbd({ r: 1, alpha: 5, a: 1e-9, b: 1 }, 3000, 40, 1)));
    expect(fit.params.a).toBeLessThan(1e-6);
    expect(fit.warnings.some((w) => w.startsWith('The BG/NBD parameter a went to zero'))).toBe(true);
    expect(fit.warnings.some((w) => w.includes('the data cannot pin it down'))).toBe(true);
  });

  it('rejects fractional counts and t_x beyond T', () => {
    expect(() => fitBgNbd(rows([[1.5, 1, 2]]))).toThrow(/whole numbers/);
    expect(() => fitBgNbd(rows([[1, 3, 2]]))).toThrow(/t_x ≤ T/);
  });
});

describe('bgnbdPredictor', () => {
  const predictor = bgnbdPredictor(params);

  it('gives P(alive) = 1 with no repeat purchases, and eq. 11 otherwise', () => {
    expect(predictor.pAlive(0, 0, 38.86)).toBe(1);
    const { r, alpha, a, b } = params;
    const odds = (a / (b + 2 - 1)) * Math.pow((alpha + 38.86) / (alpha + 30.43), r + 2);
    expect(predictor.pAlive(2, 30.43, 38.86)).toBeCloseTo(1 / (1 + odds), 14);
  });

  it('matches eq. 9 and eq. 10 written with the plain 2F1 (1e-10 relative)', () => {
    const { r, alpha, a, b } = params;
    for (const t of [0.5, 10, 39, 200]) {
      const z = t / (alpha + t);
      const eq9 =
        ((a + b - 1) / (a - 1)) * (1 - Math.pow(alpha / (alpha + t), r) * hyp2f1(r, b, a + b - 1, z));
      expect(predictor.unconditionalExpected(t) / eq9).toBeCloseTo(1, 10);
    }
    const [x, tx, T, t] = [5, 10, 12, 39];
    const z = t / (alpha + T + t);
    const numerator =
      ((a + b + x - 1) / (a - 1)) *
      (1 - Math.pow((alpha + T) / (alpha + T + t), r + x) * hyp2f1(r + x, b + x, a + b + x - 1, z));
    const eq10 = numerator / (1 + (a / (b + x - 1)) * Math.pow((alpha + T) / (alpha + tx), r + x));
    expect(predictor.conditionalExpected(t, x, tx, T) / eq10).toBeCloseTo(1, 10);
  });

  it('treats a just-acquired customer like E[X(t)]', () => {
    for (const t of [1, 39, 78]) {
      expect(predictor.conditionalExpected(t, 0, 0, 0)).toBeCloseTo(predictor.unconditionalExpected(t), 12);
    }
    expect(predictor.unconditionalExpected(0)).toBe(0);
  });

  it('is continuous through a = 1, where eq. 9 is 0/0 (1e-6 relative)', () => {
    const at = (a: number) => bgnbdPredictor({ ...params, a }).unconditionalExpected(39);
    const exact = at(1);
    expect(Number.isFinite(exact)).toBe(true);
    expect(exact / ((at(1.001) + at(0.999)) / 2)).toBeCloseTo(1, 6);
  });

  it('grows with t and stays below the never-dying customer’s r t/α', () => {
    let previous = 0;
    for (const t of [1, 5, 20, 52, 104]) {
      const value = predictor.unconditionalExpected(t);
      expect(value).toBeGreaterThan(previous);
      expect(value).toBeLessThan((params.r * t) / params.alpha);
      previous = value;
    }
  });
});
