import { describe, expect, it } from 'vitest';
import { atRiskAt, axisEnd, riskTableTimes, survivalAt, type CurvePoint } from './at-risk';

/**
 * Six customers with tenures 2, 3+, 3, 5, 5+, 8 (+ = censored), as R's survfit counts them:
 * time 2: 6 at risk, 1 event; time 3: 5 at risk, 1 event, 1 censored; time 5: 3, 1, 1; time 8: 1, 1, 0.
 */
const points: CurvePoint[] = [
  { time: 2, atRisk: 6, events: 1, censored: 0, survival: 5 / 6 },
  { time: 3, atRisk: 5, events: 1, censored: 1, survival: (5 / 6) * (4 / 5) },
  { time: 5, atRisk: 3, events: 1, censored: 1, survival: (5 / 6) * (4 / 5) * (2 / 3) },
  { time: 8, atRisk: 1, events: 1, censored: 0, survival: 0 },
];

describe('atRiskAt', () => {
  it('counts the customers whose tenure is t or longer', () => {
    expect(atRiskAt(points, 0)).toBe(6);
    expect(atRiskAt(points, 2)).toBe(6);
    expect(atRiskAt(points, 2.5)).toBe(5);
    expect(atRiskAt(points, 3)).toBe(5);
    expect(atRiskAt(points, 4)).toBe(3);
    expect(atRiskAt(points, 5)).toBe(3);
    expect(atRiskAt(points, 6)).toBe(1);
    expect(atRiskAt(points, 8)).toBe(1);
  });

  it('past the last time: those left after it (none here)', () => {
    expect(atRiskAt(points, 9)).toBe(0);
    expect(atRiskAt([{ time: 4, atRisk: 10, events: 2, censored: 3, survival: 0.8 }], 5)).toBe(5);
  });

  it('an empty curve has nobody at risk', () => {
    expect(atRiskAt([], 0)).toBe(0);
  });

  it('agrees with counting tenures directly at every time', () => {
    const tenures = [2, 3, 3, 5, 5, 8];
    for (let t = 0; t <= 10; t += 0.5) {
      expect(atRiskAt(points, t)).toBe(tenures.filter((tenure) => tenure >= t).length);
    }
  });
});

describe('survivalAt', () => {
  it('is 1 before the first time and the last step at or before t after it', () => {
    expect(survivalAt(points, 0)).toBe(1);
    expect(survivalAt(points, 1.9)).toBe(1);
    expect(survivalAt(points, 2)).toBeCloseTo(5 / 6, 12);
    expect(survivalAt(points, 4.9)).toBeCloseTo(2 / 3, 12);
    expect(survivalAt(points, 5)).toBeCloseTo(4 / 9, 12);
    expect(survivalAt(points, 100)).toBe(0);
  });
});

describe('riskTableTimes', () => {
  it('every 12 months over 72 months of tenure', () => {
    expect(riskTableTimes(72, 'months')).toEqual({ step: 12, times: [0, 12, 24, 36, 48, 60, 72] });
  });

  it('short spans get short steps; days get weeks, months of 30 days and years', () => {
    expect(riskTableTimes(5, 'months').step).toBe(1);
    expect(riskTableTimes(20, 'months').times).toEqual([0, 3, 6, 9, 12, 15, 18]);
    expect(riskTableTimes(2190, 'days')).toEqual({ step: 365, times: [0, 365, 730, 1095, 1460, 1825, 2190] });
    expect(riskTableTimes(40, 'days').step).toBe(7);
  });

  it('never more columns than asked for', () => {
    for (const max of [0, 1, 7, 50, 99, 1000, 10_000, 100_000]) {
      expect(riskTableTimes(max, 'days').times.length).toBeLessThanOrEqual(8);
      expect(riskTableTimes(max, 'months').times.length).toBeLessThanOrEqual(8);
    }
  });
});

describe('axisEnd', () => {
  it('rounds the longest tenure up to a step', () => {
    expect(axisEnd(72, 12)).toBe(72);
    expect(axisEnd(73, 12)).toBe(84);
    expect(axisEnd(0, 12)).toBe(12);
  });
});
