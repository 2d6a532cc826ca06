import { describe, expect, it } from 'vitest';
import { chiSquareIndependence } from './chi-square';

const close = (actual: number, expected: number) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-12 * Math.abs(expected));

describe('chi-square test of independence (k × 2)', () => {
  it('2 × 2 by hand: 30/100 vs 20/100 churned, X² = n(ad − bc)² / (row and column totals) = 8/3', () => {
    const result = chiSquareIndependence([
      { label: 'a', customers: 100, churned: 30 },
      { label: 'b', customers: 100, churned: 20 },
    ])!;
    close(result.statistic, 8 / 3);
    expect(result.df).toBe(1);
    // R: chisq.test(cbind(c(30, 20), c(70, 80)), correct = FALSE)$p.value
    close(result.p, 0.10247043485974931);
    close(result.cramersV, Math.sqrt(8 / 3 / 200));
    expect(result.approximationWarning).toBe(false);
  });

  it('3 × 2 with small expected counts: flags what R warns about', () => {
    // R: chisq.test(cbind(c(2, 4, 6), c(8, 1, 24)), correct = FALSE) → statistic, df, p,
    // min(expected), and "Chi-squared approximation may be incorrect".
    const result = chiSquareIndependence([
      { label: 'a', customers: 10, churned: 2 },
      { label: 'b', customers: 5, churned: 4 },
      { label: 'c', customers: 30, churned: 6 },
    ])!;
    close(result.statistic, 8.1818181818181834);
    expect(result.df).toBe(2);
    close(result.p, 0.016724022988470425);
    close(result.minExpected, 1.3333333333333333);
    close(result.cramersV, 0.42640143271122088);
    expect(result.approximationWarning).toBe(true);
    // Expected churned: 10·12/45 = 2.67, 5·12/45 = 1.33; expected retained in b: 5·33/45 = 3.67.
    expect(result.cellsExpectedBelow5).toBe(3);
  });

  it('drops empty groups and is undefined without churners, without retained or with one group', () => {
    const withEmpty = chiSquareIndependence([
      { label: 'a', customers: 100, churned: 30 },
      { label: 'none', customers: 0, churned: 0 },
      { label: 'b', customers: 100, churned: 20 },
    ])!;
    expect(withEmpty.df).toBe(1);
    close(withEmpty.statistic, 8 / 3);
    expect(chiSquareIndependence([{ label: 'a', customers: 5, churned: 2 }])).toBeNull();
    expect(
      chiSquareIndependence([
        { label: 'a', customers: 5, churned: 0 },
        { label: 'b', customers: 7, churned: 0 },
      ]),
    ).toBeNull();
    expect(
      chiSquareIndependence([
        { label: 'a', customers: 5, churned: 5 },
        { label: 'b', customers: 7, churned: 7 },
      ]),
    ).toBeNull();
  });

  it('gives V = 1 when the group decides churn', () => {
    const result = chiSquareIndependence([
      { label: 'a', customers: 40, churned: 40 },
      { label: 'b', customers: 60, churned: 0 },
    ])!;
    close(result.cramersV, 1);
  });
});
