import { describe, expect, it } from 'vitest';
import { binIndex, binLabel, niceBins } from './nice-bins';

describe('niceBins', () => {
  it('cuts telco tenure (0–72 months) into ten-month bins', () => {
    const bins = niceBins(0, 72, 12, true);
    expect(bins).toEqual({ start: 0, step: 10, count: 8 });
    expect(binLabel(bins, 0, true)).toBe('0 – 9');
    expect(binLabel(bins, 7, true)).toBe('70 – 79');
    expect(binIndex(bins, 72)).toBe(7);
    expect(binIndex(bins, 10)).toBe(1);
    expect(binIndex(bins, 9)).toBe(0);
  });

  it('cuts telco monthly charges (18.25–118.75 USD) into decimal bins with nice edges', () => {
    const bins = niceBins(18.25, 118.75, 12, false);
    expect(bins).toEqual({ start: 10, step: 10, count: 11 });
    expect(binLabel(bins, 10, false)).toBe('110 – 120');
    expect(binLabel(bins, 0, false)).toBe('10 – < 20');
    expect(binIndex(bins, 20)).toBe(1);
    expect(binIndex(bins, 19.99)).toBe(0);
  });

  it('keeps edges exact for steps that are not binary fractions', () => {
    const bins = niceBins(0, 1, 10, false);
    expect(bins.step).toBeCloseTo(0.1, 12);
    expect(bins.count).toBe(10);
    expect(binIndex(bins, 0.3)).toBe(3);
    expect(binIndex(bins, 0.7)).toBe(7);
    expect(binIndex(bins, 1)).toBe(9);
  });

  it('never uses a fractional step for integers, and one bin for a constant', () => {
    expect(niceBins(0, 3, 12, true)).toEqual({ start: 0, step: 1, count: 4 });
    expect(niceBins(5, 5, 12, true)).toEqual({ start: 5, step: 1, count: 1 });
  });
});
