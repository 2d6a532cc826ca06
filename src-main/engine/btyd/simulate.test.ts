import { describe, expect, it } from 'vitest';
import { bgnbdPredictor, fitBgNbd, type BgNbdParameter } from './bgnbd';
import { gammaDraw, simulateBgNbd } from './simulate';
import { groupSummaries } from './summary';
import { mulberry32 } from '../model/gbt-random';

describe('gammaDraw', () => {
  it('has mean k and variance k (within 4 standard errors, 40,000 draws)', () => {
    const random = mulberry32(7);
    for (const k of [0.3, 2.5]) {
      const n = 40_000;
      let sum = 0;
      let sumSq = 0;
      for (let i = 0; i < n; i++) {
        const g = gammaDraw(k, random);
        sum += g;
        sumSq += g * g;
      }
      const mean = sum / n;
      expect(Math.abs(mean - k)).toBeLessThan(4 * Math.sqrt(k / n));
      expect(sumSq / n - mean * mean).toBeGreaterThan(0.9 * k);
      expect(sumSq / n - mean * mean).toBeLessThan(1.1 * k);
    }
  });
});

describe('simulateBgNbd', () => {
  it('is reproducible from the seed', () => {
    const p = { r: 0.5, alpha: 5, a: 1, b: 3 };
    expect(simulateBgNbd(p, 50, 30, 1)).toEqual(simulateBgNbd(p, 50, 30, 1));
  });

  it('averages E[X(T)] of eq. 9 (within 4 standard errors)', () => {
    const p = { r: 0.5, alpha: 5, a: 0.8, b: 3 };
    const rows = simulateBgNbd(p, 20_000, 40, 11);
    const xs = rows.map((row) => row.x);
    const mean = xs.reduce((s, v) => s + v, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((s, v) => s + (v - mean) ** 2, 0) / (xs.length - 1));
    expect(Math.abs(mean - bgnbdPredictor(p).unconditionalExpected(40))).toBeLessThan(
      (4 * sd) / Math.sqrt(xs.length),
    );
  });
});

describe('parameter recovery', () => {
  const cases: { params: Record<BgNbdParameter, number>; seed: number }[] = [
    { params: { r: 0.25, alpha: 4, a: 0.8, b: 2.5 }, seed: 1 },
    { params: { r: 1.5, alpha: 10, a: 2, b: 6 }, seed: 2 },
  ];
  for (const { params, seed } of cases)
    it(`recovers ${JSON.stringify(params)} from 10,000 customers within 3 standard errors`, () => {
      // Customers acquired over the first 12 weeks of a 39-week calibration, as in CDNOW.
      const random = mulberry32(seed + 100);
      const T = Array.from({ length: 10_000 }, () => 27 + 12 * random());
      const fit = fitBgNbd(groupSummaries(simulateBgNbd(params, T.length, T, seed)));
      expect(fit.converged).toBe(true);
      for (const name of ['r', 'alpha', 'a', 'b'] as const) {
        const se = fit.se[name];
        expect(se).not.toBeNull();
        expect(Math.abs(fit.params[name] - params[name])).toBeLessThan(3 * se!);
      }
    });
});
