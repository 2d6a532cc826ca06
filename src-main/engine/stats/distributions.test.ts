import { describe, expect, it } from 'vitest';
import { chiSquareSurvival, normalCdf, normalQuantile, twoSidedNormalP } from './distributions';

/** Reference values printed by R 4 (`sprintf("%.17g", …)`), the calls beside each. */
describe('distributions against R', () => {
  const close = (actual: number, expected: number, relative = 1e-12) =>
    expect(Math.abs(actual - expected)).toBeLessThanOrEqual(relative * Math.abs(expected));

  it('chi-square upper tail: pchisq(x, df, lower.tail = FALSE)', () => {
    close(chiSquareSurvival(3.84, 1), 0.050043521248705224);
    close(chiSquareSurvival(20.5, 3), 0.00013369478402083611);
    close(chiSquareSurvival(0.3, 5), 0.99764308626052878);
    close(chiSquareSurvival(150, 12), 5.6698577317380443e-26, 1e-10);
    expect(chiSquareSurvival(0, 2)).toBe(1);
  });

  it('normal: pnorm, 2 * pnorm(-|z|), qnorm', () => {
    close(normalCdf(-1.96), 0.024997895148220428);
    close(normalCdf(2.5), 0.99379033467422384);
    close(normalCdf(-8), 6.2209605742717849e-16, 1e-10);
    close(twoSidedNormalP(4.2), 2.6691498031812658e-5);
    close(normalQuantile(0.975), 1.9599639845400536);
    close(normalQuantile(1e-6), -4.7534243088228987);
    close(normalQuantile(0.3), -0.52440051270804067);
  });
});
