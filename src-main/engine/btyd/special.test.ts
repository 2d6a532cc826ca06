import { describe, expect, it } from 'vitest';
import { logGamma } from '../stats/distributions';
import { digamma } from './special';

describe('digamma', () => {
  it('matches known values to 1e-14 absolute', () => {
    // ψ(1) = −γ (Euler–Mascheroni), ψ(1/2) = −γ − 2 ln 2, ψ(10) = H₉ − γ.
    expect(Math.abs(digamma(1) - -0.5772156649015329)).toBeLessThan(1e-14);
    expect(Math.abs(digamma(0.5) - -1.9635100260214235)).toBeLessThan(1e-14);
    expect(Math.abs(digamma(10) - 2.251752589066721)).toBeLessThan(1e-14);
  });
  it('satisfies ψ(x + 1) = ψ(x) + 1/x and the reflection formula', () => {
    for (const x of [0.01, 0.37, 2.5, 7.9, 123.4])
      expect(digamma(x + 1) - digamma(x) - 1 / x).toBeCloseTo(0, 12);
    const x = -2.3;
    expect(digamma(1 - x) - digamma(x) - Math.PI / Math.tan(Math.PI * x)).toBeCloseTo(0, 12);
    expect(digamma(-3)).toBeNaN();
  });
  it('is the derivative of ln Γ (central difference, 1e-7 relative)', () => {
    for (const x of [0.3, 1.7, 15, 400]) {
      const h = 1e-5 * x;
      const numeric = (logGamma(x + h) - logGamma(x - h)) / (2 * h);
      expect(Math.abs(numeric - digamma(x))).toBeLessThan(1e-7 * Math.max(1, Math.abs(digamma(x))));
    }
  });
});
