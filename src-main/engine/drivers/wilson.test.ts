import { describe, expect, it } from 'vitest';
import { wilsonInterval } from './wilson';

const close = (actual: number, expected: number) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-12 * Math.abs(expected));

/** References: R 4.2, sprintf("%.17g", prop.test(x, n, correct = FALSE)$conf.int). */
describe('Wilson score interval', () => {
  it('matches prop.test(7, 20, correct = FALSE)', () => {
    const interval = wilsonInterval(7, 20);
    expect(interval.share).toBe(0.35);
    close(interval.lower, 0.18119182410108206);
    close(interval.upper, 0.56714572331476365);
  });

  it('stays inside [0, 1] at 0 and n (prop.test(0, 10) and (10, 10))', () => {
    expect(wilsonInterval(0, 10).lower).toBe(0);
    close(wilsonInterval(0, 10).upper, 0.27753279986288915);
    close(wilsonInterval(10, 10).lower, 0.72246720013711085);
    expect(wilsonInterval(10, 10).upper).toBe(1);
  });

  it('is wide for a tiny group (prop.test(1, 3))', () => {
    close(wilsonInterval(1, 3).lower, 0.061491944720396291);
    close(wilsonInterval(1, 3).upper, 0.79234039919795229);
  });

  it('is undefined for an empty group and rejects impossible counts', () => {
    expect(wilsonInterval(0, 0).share).toBeNaN();
    expect(() => wilsonInterval(4, 3)).toThrow();
  });
});
