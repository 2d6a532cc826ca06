import { describe, expect, it } from 'vitest';
import { btydClv, daysPerMonth, discountedExpectedPurchases, naiveClv } from './clv';

const weekMonth = daysPerMonth / 7; // 4.348… weeks

describe('discountedExpectedPurchases', () => {
  it('sums a constant purchase rate as a geometric series', () => {
    // E(t) = λt, λ = 0.1 a week, 12 whole months in weeks, 10% a year: every month brings
    // c = λ · 30.4375/7 purchases, discounted by v^k with v = 1.1^(−1/12), so the total is
    // c · Σ_{k=1..12} v^k = c · v(1 − v¹²)/(1 − v), v¹² = 1/1.1.
    const c = 0.1 * weekMonth;
    const v = 1.1 ** (-1 / 12);
    const expected = (c * v * (1 - 1 / 1.1)) / (1 - v);
    const got = discountedExpectedPurchases((t) => 0.1 * t, 12 * weekMonth, 7, 0.1);
    expect(Math.abs(got - expected)).toBeLessThan(1e-12);
    // Numerically: c = 0.434821…, v = 0.992089, Σ v^k = 11.4005, the sum ≈ 4.9572 (undiscounted 5.2179).
    expect(got).toBeCloseTo(4.95718, 4);
  });

  it('discounts a last partial month at its own end', () => {
    // 1.5 months of a daily model: purchases c then c/2, discounted by v¹ and v^1.5.
    const lambda = 0.02;
    const c = lambda * daysPerMonth;
    const v = 1.2 ** (-1 / 12);
    const got = discountedExpectedPurchases((t) => lambda * t, 1.5 * daysPerMonth, 1, 0.2);
    expect(Math.abs(got - (c * v + (c / 2) * v ** 1.5))).toBeLessThan(1e-12);
  });

  it('equals the undiscounted E(horizon) at a zero rate', () => {
    const saturating = (t: number) => 3 * (1 - Math.exp(-t / 20));
    expect(discountedExpectedPurchases(saturating, 52, 7, 0)).toBeCloseTo(saturating(52), 12);
  });

  it('matches lifetimes’ monthly convention when given its monthly rate', () => {
    // lifetimes: Σ_i (E(i·m) − E((i−1)·m)) / (1 + r)^i with r the monthly rate; r = 1% ↔ d = 1.01¹² − 1.
    const e = (t: number) => 2 * Math.log1p(t / 10);
    let lifetimes = 0;
    for (let i = 1; i <= 24; i++) lifetimes += (e(i * weekMonth) - e((i - 1) * weekMonth)) / 1.01 ** i;
    expect(discountedExpectedPurchases(e, 24 * weekMonth, 7, 1.01 ** 12 - 1)).toBeCloseTo(lifetimes, 12);
  });

  it('is 0 for a zero horizon and rejects bad settings', () => {
    expect(discountedExpectedPurchases((t) => t, 0, 7, 0.1)).toBe(0);
    expect(() => discountedExpectedPurchases((t) => t, -1, 7, 0.1)).toThrow(/horizon/);
    expect(() => discountedExpectedPurchases((t) => t, 1, 0, 0.1)).toThrow(/time unit/);
    expect(() => discountedExpectedPurchases((t) => t, 1, 7, -0.1)).toThrow(/discount/);
  });
});

describe('btydClv and naiveClv', () => {
  it('multiplies purchases, spend and margin', () => {
    expect(btydClv({ expectedPurchasesDiscounted: 4, expectedSpend: 35, margin: 0.3 })).toBeCloseTo(42, 12);
  });

  it('divides ARPU × margin by churn, and gives no number without churn', () => {
    expect(naiveClv({ arpu: 50, margin: 0.6, churnRate: 0.05 })).toBeCloseTo(600, 12);
    const none = naiveClv({ arpu: 50, margin: 0.6, churnRate: 0 });
    expect(none).toMatchObject({ clv: null });
    expect(typeof none === 'object' && none.reason).toMatch(/No churn/);
    expect(() => naiveClv({ arpu: 50, margin: 0.6, churnRate: 1.5 })).toThrow(/between 0 and 1/);
    expect(() => naiveClv({ arpu: NaN, margin: 0.6, churnRate: 0.1 })).toThrow(/numbers/);
  });
});
