import { describe, expect, it } from 'vitest';
import { hyp2f1, logHyp2f1 } from './hypergeometric';

/** Relative error |got − want| / |want|. */
const rel = (got: number, want: number): number => Math.abs(got - want) / Math.abs(want);

describe('hyp2f1 closed forms (A&S 15.1.3, 15.1.6, 15.1.8)', () => {
  it('2F1(1, 1; 2; z) = −ln(1 − z)/z, including z near 1 and negative z', () => {
    for (const z of [-50, -3, -0.7, -1e-3, 0.1, 0.5, 0.75, 0.95, 0.9999, 1 - 1e-7])
      expect(rel(hyp2f1(1, 1, 2, z), -Math.log1p(-z) / z)).toBeLessThan(1e-9);
  });
  it('2F1(a, b; b; z) = (1 − z)^(−a)', () => {
    for (const [a, b, z] of [
      [2.3, 0.7, 0.6],
      [0.4, 5, 0.999],
      [7.5, 1.1, -9],
      [3, 2.2, 0.3],
    ] as const)
      expect(rel(hyp2f1(a, b, b, z), (1 - z) ** -a)).toBeLessThan(1e-10);
  });
  it('2F1(1/2, 1/2; 3/2; z²) = arcsin(z)/z', () => {
    for (const x of [0.2, 0.6, 0.9, 0.99])
      expect(rel(hyp2f1(0.5, 0.5, 1.5, x * x), Math.asin(x) / x)).toBeLessThan(1e-10);
  });
  it('terminating series (a a non-positive integer) is the polynomial', () => {
    // 2F1(−2, b; c; z) = 1 − 2bz/c + b(b+1)z²/(c(c+1))
    const [b, c, z] = [1.5, 2.5, -4];
    expect(
      rel(hyp2f1(-2, b, c, z), 1 - (2 * b * z) / c + (b * (b + 1) * z * z) / (c * (c + 1))),
    ).toBeLessThan(1e-13);
  });
});

describe('hyp2f1 against mpmath (30 digits), rel. tolerance 1e-9', () => {
  // mpmath 1.2.1, mp.dps = 30: hyp2f1(a, b, c, z)
  const cases: [number, number, number, number, number][] = [
    [4.159, 1.606, 5.159, 0.3, 1.5721011949383084],
    [10.5, 2.5, 12.0, 0.9, 81.7839032025512],
    [10.5, 2.5, 12.0, 0.9999, 262673.8792615214],
    [1.2, 1.606, 2.2, 1 - 1e-6, 8561.91825570836],
    [150.2, 1.6, 151.2, 0.99, 880.597767453824],
    [2.5, 3.5, 1.5, -3.0, -0.005859375],
    [0.7, 1.3, 2.9, -0.4, 0.894828662683098],
    [1.0, 2.0, 3.0, 0.999999999, 39.44653181134975],
  ];
  for (const [a, b, c, z, want] of cases)
    it(`2F1(${a}, ${b}; ${c}; ${z})`, () => expect(rel(hyp2f1(a, b, c, z), want)).toBeLessThan(1e-9));

  it('logHyp2f1 beyond double range: ln 2F1(300, 250; 200; 0.7) = 435.2923175626044', () => {
    expect(Math.abs(logHyp2f1(300, 250, 200, 0.7) - 435.2923175626044)).toBeLessThan(1e-9);
  });
  it('logHyp2f1 is NaN for a negative value, hyp2f1 throws for z ≥ 1', () => {
    expect(logHyp2f1(2.5, 3.5, 1.5, -3)).toBeNaN();
    expect(() => hyp2f1(1, 1, 2, 1)).toThrow(RangeError);
  });
});
